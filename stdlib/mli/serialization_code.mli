(* Serialization_code: Aneris's serializers and their wire format: a pair is
   "<length of a>_<a><b>", a sum or option is tagged "L_" / "R_", an int is its decimal
   text, a bool is "1" or "0", a unit is "", a list is its elements as pairs. *)

open Ast
open List_code

val int_ser : int -> string
val int_deser : string -> int
val int_serializer : int serializer
val bool_ser : bool -> string
val bool_deser : string -> bool
val bool_serializer : bool serializer
val unit_ser : 'a -> string
val unit_deser : 'a -> unit
val unit_serializer : unit serializer
val string_ser : 'a -> 'a
val string_deser : 'a -> 'a
val string_serializer : string serializer
val prod_ser : ('a -> string) -> ('b -> string) -> 'a * 'b -> string
val prod_deser : (string -> 'a) -> (string -> 'b) -> string -> 'a * 'b
val prod_serializer : 'a serializer -> 'b serializer -> ('a * 'b) serializer
val saddr_ser : saddr -> string
val saddr_deser : string -> saddr
val saddr_serializer : saddr serializer
val sum_ser : ('a -> string) -> ('b -> string) -> ('a, 'b) sumTy -> string
val sum_deser : (string -> 'a) -> (string -> 'b) -> string -> ('a, 'b) sumTy
val sum_serializer : 'a serializer -> 'b serializer -> ('a, 'b) sumTy serializer
val option_ser : ('a -> string) -> 'a option -> string
val option_deser : (string -> 'a) -> string -> 'a option
val option_serializer : 'a serializer -> 'a option serializer
val list_ser : ('a -> string) -> 'a alist -> string
val list_deser : (string -> 'a) -> string -> 'a alist
val list_serializer : 'a serializer -> 'a alist serializer
