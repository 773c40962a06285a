(* Steps start with `!` (the client sends) or `?` (the client receives). *)
[@@@protocol {| login = mu loop. send (user : string). ?(ok : bool). loop |}]

let () = ()
