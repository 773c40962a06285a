(* Set_code: Aneris's sets as lists without duplicates. *)

open List_code

type 'a aset = 'a alist

val set_empty : unit -> 'a aset
val set_add : 'a -> 'a aset -> 'a aset
val set_mem : 'a -> 'a aset -> bool
val set_iter : ('a -> unit) -> 'a aset -> unit
val set_foldl : ('a -> 'b -> 'a) -> 'a -> 'b aset -> 'a
val set_forall : ('a -> bool) -> 'a aset -> bool
val set_cardinal : 'a aset -> int
val set_subseteq : 'a aset -> 'a aset -> bool
val set_equal : 'a aset -> 'a aset -> bool
val set_union : 'a aset -> 'a aset -> 'a aset
