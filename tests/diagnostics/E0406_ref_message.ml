(* A reference is local state; send its contents instead. *)
[@@@protocol {| share = !(cell : int ref). end |}]
