(* Sys: the command line and the clock. *)

val argv : string array
val time : unit -> float
val getenv_opt : string -> string option
