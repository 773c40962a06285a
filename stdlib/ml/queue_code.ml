(* Queue_code: Aneris's functional queues: a front list taken from and a back list, in
   reverse order, added to. Interface: stdlib/mli/queue_code.mli. *)

open List_code

type 'a queue = 'a alist * 'a alist

let queue_empty () : 'a queue = (list_nil, list_nil)

let queue_is_empty (q : 'a queue) = match q with
  | (None, None) -> true
  | _ -> false

let queue_add (x : 'a) ((front, back) : 'a queue) : 'a queue = (front, list_cons x back)

(* Moves the back list to the front when the front is empty. *)
let queue_norm (q : 'a queue) : 'a queue = match q with
  | (None, back) -> (list_rev back, list_nil)
  | _ -> q

let queue_peek_opt (q : 'a queue) = list_head (fst (queue_norm q))

let queue_take_opt (q : 'a queue) : ('a * 'a queue) option = match queue_norm q with
  | (Some (x, front), back) -> Some (x, (front, back))
  | (None, _) -> None

let queue_filter keep ((front, back) : 'a queue) : 'a queue = (list_filter keep (list_append front (list_rev back)), list_nil)

let rec queue_drop (q : 'a queue) n : 'a queue =
  if n <= 0 then q
  else match queue_take_opt q with
    | Some (_, rest) -> queue_drop rest (n - 1)
    | None -> queue_norm q

let queue_iter f ((front, back) : 'a queue) =
  list_iter f front;
  list_iter f (list_rev back)

let queue_iteri f ((front, back) : 'a queue) =
  list_iteri f front;
  list_iteri_loop f (list_length front) (list_rev back)
