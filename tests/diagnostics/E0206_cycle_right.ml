(* The other half of the cycle started in e0206_cycle_left.ml. *)
let pong n = E0206_cycle_left.ping n
