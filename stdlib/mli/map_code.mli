(* Map_code: Aneris's association-list maps (a key is bound at most once). *)

open List_code
open Set_code

type ('a, 'b) amap = ('a * 'b) alist

val map_empty : unit -> ('a, 'b) amap
val map_remove : 'a -> ('a, 'b) amap -> ('a, 'b) amap
val map_insert : 'a -> 'b -> ('a, 'b) amap -> ('a, 'b) amap
val map_lookup : 'a -> ('a, 'b) amap -> 'b option
val map_mem : 'a -> ('a, 'b) amap -> bool
val map_dom : ('a, 'b) amap -> 'a aset
val map_iter : ('a -> 'b -> 'c) -> ('a, 'b) amap -> unit
val map_forall : ('a -> 'b -> bool) -> ('a, 'b) amap -> bool
