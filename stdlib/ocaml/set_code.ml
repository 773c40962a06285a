(* Shim of Aneris's list-backed sets. Interface: stdlib/mli/set_code.mli. *)

open List_code

type 'a aset = 'a alist

let set_empty () = list_nil
let set_add x s = if list_mem x s then s else list_cons x s
let set_mem x s = list_mem x s
let set_iter f s = list_iter f s
let set_foldl f acc s = list_fold f acc s
let set_forall test s = list_forall test s
let set_cardinal s = list_length s
let set_subseteq small big = list_forall (fun x -> list_mem x big) small
let set_equal a b = set_subseteq a b && set_subseteq b a
let set_union a b = list_fold (fun acc x -> set_add x acc) a b
