(* Shim of Aneris's option-encoded lists. Interface: stdlib/mli/list_code.mli. *)

type 'a alist = ('a * 'a alist) option

let list_nil = None
let list_cons x l = Some (x, l)

let list_head = function Some (x, _) -> Some x | None -> None
let list_tail = function Some (_, t) -> t | None -> None

let rec list_fold f acc = function
  | None -> acc
  | Some (x, t) -> list_fold f (f acc x) t

let rec list_iter f = function
  | None -> ()
  | Some (x, t) -> f x; list_iter f t

let rec list_iteri_loop f i = function
  | None -> ()
  | Some (x, t) -> f i x; list_iteri_loop f (i + 1) t

let list_iteri f l = list_iteri_loop f 0 l

let rec list_mapi_loop f i = function
  | None -> None
  | Some (x, t) ->
      let y = f i x in
      Some (y, list_mapi_loop f (i + 1) t)

let list_mapi f l = list_mapi_loop f 0 l

let rec list_map f = function
  | None -> None
  | Some (x, t) ->
      let y = f x in
      Some (y, list_map f t)

let rec list_filter keep = function
  | None -> None
  | Some (x, t) ->
      let rest = list_filter keep t in
      if keep x then Some (x, rest) else rest

let list_length l = list_fold (fun n _ -> n + 1) 0 l

let rec list_nth l i =
  match l with
  | None -> None
  | Some (x, t) -> if i = 0 then Some x else list_nth t (i - 1)

let rec list_mem y = function
  | None -> false
  | Some (x, t) -> x = y || list_mem y t

let rec list_find_remove found = function
  | None -> None
  | Some (x, t) ->
      if found x then Some (x, t)
      else (
        match list_find_remove found t with
        | Some (y, rest) -> Some (y, Some (x, rest))
        | None -> None)

let rec list_sub n l =
  match l with
  | Some (x, t) when n > 0 -> Some (x, list_sub (n - 1) t)
  | _ -> None

let rec list_rev_aux l acc =
  match l with
  | None -> acc
  | Some (x, t) -> list_rev_aux t (Some (x, acc))

let list_rev l = list_rev_aux l None

let list_append l r = list_rev_aux (list_rev l) r

let list_is_empty l = l = None

let rec list_forall test = function
  | None -> true
  | Some (x, t) -> test x && list_forall test t

let list_make n x =
  let rec build i acc = if i <= 0 then acc else build (i - 1) (Some (x, acc)) in
  build n None

let list_init n f =
  let rec build i acc = if i < 0 then acc else build (i - 1) (Some (f i, acc)) in
  build (n - 1) None

let rec list_update l i v =
  match l with
  | None -> None
  | Some (x, t) -> if i = 0 then Some (v, t) else Some (x, list_update t (i - 1) v)

let rec list_suf i l =
  match l with
  | Some (_, t) when i > 0 -> list_suf (i - 1) t
  | _ -> l

let list_inf_ofs i ofs l = if ofs <= 0 then None else list_sub ofs (list_suf i l)

let list_inf i j l = list_inf_ofs i (j - i + 1) l

let rec list_split i l =
  match l with
  | Some (x, t) when i > 0 ->
      let front, back = list_split (i - 1) t in
      (Some (x, front), back)
  | Some _ -> (None, l)
  | None -> (None, None)
