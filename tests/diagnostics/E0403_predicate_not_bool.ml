(* A predicate must be a boolean; `n + 1` is an int. *)
[@@@protocol {| succ = !(n : int). ?(m : int) {n + 1}. end |}]
