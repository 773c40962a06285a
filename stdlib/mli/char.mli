(* Char: characters (bytes). *)

type t = char

val code : char -> int
val chr : int -> char
val escaped : char -> string
val lowercase_ascii : char -> char
val uppercase_ascii : char -> char
val compare : t -> t -> int
val equal : t -> t -> bool
