(* Predicates speak about messages only, not about the program's variables. *)
let limit = 100

[@@@protocol {| bounded = mu rec. !(n : int) {n < limit}. ?(ok : bool). rec |}]
