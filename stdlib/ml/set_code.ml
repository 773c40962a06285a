(* Set_code: Aneris's sets, lists without duplicates. Interface: stdlib/mli/set_code.mli. *)

open List_code

type 'a aset = 'a alist

let set_empty () : 'a aset = list_nil

let set_add (x : 'a) (s : 'a aset) : 'a aset = if list_mem x s then s else list_cons x s

let set_mem (x : 'a) (s : 'a aset) = list_mem x s

let set_iter f (s : 'a aset) = list_iter f s

let set_foldl f acc (s : 'b aset) = list_fold f acc s

let set_forall test (s : 'a aset) = list_forall test s

let set_cardinal (s : 'a aset) = list_length s

let set_subseteq (small : 'a aset) (big : 'a aset) = list_forall (fun x -> list_mem x big) small

let set_equal (a : 'a aset) (b : 'a aset) = set_subseteq a b && set_subseteq b a

(* The elements of [b] are added to [a] in order. *)
let set_union (a : 'a aset) (b : 'a aset) : 'a aset = list_fold (fun acc x -> set_add x acc) a b
