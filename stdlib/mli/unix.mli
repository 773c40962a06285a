(* Unix: the little of OCaml's Unix library that Aneris programs use. *)

val sleepf : float -> unit
val sleep : int -> unit
val gettimeofday : unit -> float
val time : unit -> float
