(* Protocols are declared before they are used, like values. *)
[@@@protocol {| session = !(user : string). auth |}]
[@@@protocol {| auth = ?(ok : bool). end |}]
