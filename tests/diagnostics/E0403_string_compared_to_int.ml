(* `s` is a string: compare its length, not the string itself, with a number. *)
[@@@protocol {| echo = mu rec. !(s : string) {s > 0}. ?(n : int) {n = String.length s}. rec |}]
