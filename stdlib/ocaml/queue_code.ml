(* Shim of Aneris's functional queues. Interface: stdlib/mli/queue_code.mli. *)

open List_code

type 'a queue = 'a alist * 'a alist

let queue_empty () = (list_nil, list_nil)
let queue_is_empty (front, back) = front = None && back = None
let queue_add x (front, back) = (front, list_cons x back)

let queue_norm ((front, back) as q) =
  match front with None -> (list_rev back, list_nil) | Some _ -> q

let queue_peek_opt q = list_head (fst (queue_norm q))

let queue_take_opt q =
  match queue_norm q with
  | (Some (x, front), back) -> Some (x, (front, back))
  | (None, _) -> None

let queue_filter keep (front, back) =
  (list_filter keep (list_append front (list_rev back)), list_nil)

let rec queue_drop q n =
  if n <= 0 then q
  else match queue_take_opt q with Some (_, rest) -> queue_drop rest (n - 1) | None -> q

let queue_iter f (front, back) =
  list_iter f front;
  list_iter f (list_rev back)

let queue_iteri f (front, back) =
  list_iteri f front;
  list_iteri_loop f (list_length front) (list_rev back)
