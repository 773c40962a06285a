(* A predicate can only mention binders of its own and earlier steps: `v` comes later. *)
[@@@protocol {| double = !(k : int) {k < v}. ?(v : int) {v = 2 * k}. end |}]

let () = ()
