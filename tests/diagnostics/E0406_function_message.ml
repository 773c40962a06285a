(* Only serializable values travel: a function cannot be sent. *)
[@@@protocol {| compute = !(f : int -> int). ?(r : int). end |}]
