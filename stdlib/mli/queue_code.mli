(* Queue_code: Aneris's functional queues, a front list and a reversed back list. *)

open List_code

type 'a queue = 'a alist * 'a alist

val queue_empty : unit -> 'a queue
val queue_is_empty : 'a queue -> bool
val queue_add : 'a -> 'a queue -> 'a queue
val queue_norm : 'a queue -> 'a queue
val queue_peek_opt : 'a queue -> 'a option
val queue_take_opt : 'a queue -> ('a * 'a queue) option
val queue_filter : ('a -> bool) -> 'a queue -> 'a queue
val queue_drop : 'a queue -> int -> 'a queue
val queue_iter : ('a -> unit) -> 'a queue -> unit
val queue_iteri : (int -> 'a -> unit) -> 'a queue -> unit
