let greet = function "en" -> "hello" | "fr" -> "bonjour" | _ -> "?"
let () = print_endline (greet "fr")
