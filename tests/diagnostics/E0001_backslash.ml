(* A backslash only appears inside string and character literals. *)
let price = 10
let total = \price * 2
