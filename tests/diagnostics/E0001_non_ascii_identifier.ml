(* Identifiers are ASCII; accented letters only appear in strings and comments. *)
let café = "espresso"
