(* List_code: Aneris's lists encoded with options, ['a alist = ('a * 'a alist) option].
   Interface: stdlib/mli/list_code.mli. Functions that call a user function on the
   elements call it from the first element to the last. *)

type 'a alist = ('a * 'a alist) option

let list_nil : 'a alist = None

let list_cons (x : 'a) (l : 'a alist) : 'a alist = Some (x, l)

let list_head (l : 'a alist) = match l with
  | Some (x, _) -> Some x
  | None -> None

let list_tail (l : 'a alist) : 'a alist = match l with
  | Some (_, rest) -> rest
  | None -> None

let rec list_fold f acc (l : 'b alist) = match l with
  | None -> acc
  | Some (x, rest) -> list_fold f (f acc x) rest

let rec list_iter (f : 'a -> unit) (l : 'a alist) = match l with
  | None -> ()
  | Some (x, rest) ->
      f x;
      list_iter f rest

let rec list_iteri_loop (f : int -> 'a -> unit) i (l : 'a alist) = match l with
  | None -> ()
  | Some (x, rest) ->
      f i x;
      list_iteri_loop f (i + 1) rest

let list_iteri (f : int -> 'a -> unit) (l : 'a alist) = list_iteri_loop f 0 l

let rec list_mapi_loop f i (l : 'a alist) : 'b alist = match l with
  | None -> None
  | Some (x, rest) ->
      let y = f i x in
      Some (y, list_mapi_loop f (i + 1) rest)

let list_mapi f (l : 'a alist) : 'b alist = list_mapi_loop f 0 l

let rec list_map f (l : 'a alist) : 'b alist = match l with
  | None -> None
  | Some (x, rest) ->
      let y = f x in
      Some (y, list_map f rest)

(* The tail is filtered before the head is tested, as in Aneris. *)
let rec list_filter keep (l : 'a alist) : 'a alist = match l with
  | None -> None
  | Some (x, rest) ->
      let kept = list_filter keep rest in
      if keep x then Some (x, kept) else kept

let list_length (l : 'a alist) = list_fold (fun n _ -> n + 1) 0 l

let rec list_nth (l : 'a alist) i = match l with
  | None -> None
  | Some (x, rest) -> if i = 0 then Some x else list_nth rest (i - 1)

let rec list_mem y (l : 'a alist) = match l with
  | None -> false
  | Some (x, rest) -> x = y || list_mem y rest

let rec list_find_remove found (l : 'a alist) : ('a * 'a alist) option = match l with
  | None -> None
  | Some (x, rest) ->
      if found x then Some (x, rest)
      else begin
        match list_find_remove found rest with
        | Some (y, others) -> Some (y, Some (x, others))
        | None -> None
      end

let rec list_sub n (l : 'a alist) : 'a alist =
  if n <= 0 then None
  else match l with
    | Some (x, rest) -> Some (x, list_sub (n - 1) rest)
    | None -> None

let rec list_rev_aux (l : 'a alist) (acc : 'a alist) : 'a alist = match l with
  | None -> acc
  | Some (x, rest) -> list_rev_aux rest (Some (x, acc))

let list_rev (l : 'a alist) : 'a alist = list_rev_aux l None

let list_append (l : 'a alist) (r : 'a alist) : 'a alist = list_rev_aux (list_rev l) r

let list_is_empty (l : 'a alist) = match l with
  | None -> true
  | Some _ -> false

let rec list_forall test (l : 'a alist) = match l with
  | None -> true
  | Some (x, rest) -> test x && list_forall test rest

let list_make n (x : 'a) : 'a alist =
  let rec build k (acc : 'a alist) : 'a alist = if k <= 0 then acc else build (k - 1) (Some (x, acc)) in
  build n None

let list_init n (f : int -> 'a) : 'a alist =
  let rec build i (acc : 'a alist) : 'a alist = if i >= n then list_rev acc else build (i + 1) (Some (f i, acc)) in
  build 0 None

let rec list_update (l : 'a alist) i (v : 'a) : 'a alist = match l with
  | None -> None
  | Some (x, rest) -> if i = 0 then Some (v, rest) else Some (x, list_update rest (i - 1) v)

let rec list_suf i (l : 'a alist) : 'a alist =
  if i <= 0 then l
  else match l with
    | None -> None
    | Some (_, rest) -> list_suf (i - 1) rest

let list_inf_ofs i ofs (l : 'a alist) : 'a alist = if ofs <= 0 then None else list_sub ofs (list_suf i l)

let list_inf i j (l : 'a alist) : 'a alist = list_inf_ofs i (j - i + 1) l

let rec list_split i (l : 'a alist) : 'a alist * 'a alist =
  if i <= 0 then (None, l)
  else match l with
    | None -> (None, None)
    | Some (x, rest) ->
        let (front, back) = list_split (i - 1) rest in
        (Some (x, front), back)
