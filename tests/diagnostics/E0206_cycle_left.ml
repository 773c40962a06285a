(* Two modules that need each other: neither can be compiled first. *)
let ping n = if n = 0 then "done" else E0206_cycle_right.pong (n - 1)
