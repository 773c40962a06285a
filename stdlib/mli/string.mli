(* String: OCaml's immutable strings. *)

type t = string

val length : string -> int
val get : string -> int -> char
val make : int -> char -> string
val init : int -> (int -> char) -> string
val sub : string -> int -> int -> string
val concat : string -> string list -> string
val equal : t -> t -> bool
val compare : t -> t -> int
val contains : string -> char -> bool
val contains_from : string -> int -> char -> bool
val index : string -> char -> int
val index_opt : string -> char -> int option
val index_from : string -> int -> char -> int
val index_from_opt : string -> int -> char -> int option
val rindex : string -> char -> int
val rindex_opt : string -> char -> int option
val split_on_char : char -> string -> string list
val trim : string -> string
val escaped : string -> string
val uppercase_ascii : string -> string
val lowercase_ascii : string -> string
val capitalize_ascii : string -> string
val iter : (char -> unit) -> string -> unit
val iteri : (int -> char -> unit) -> string -> unit
val map : (char -> char) -> string -> string
val mapi : (int -> char -> char) -> string -> string
