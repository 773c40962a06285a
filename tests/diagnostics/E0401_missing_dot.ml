(* A protocol step must be followed by `.` and the rest of the conversation. *)
[@@@protocol {| ping = !(n : int) ?(m : int) {m = n + 1}. end |}]

let () = print_endline "ping"
