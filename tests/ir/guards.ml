let classify n = match n with
  | 0 -> "zero"
  | n when n < 0 -> "negative"
  | 1 | 2 | 3 -> "small"
  | _ -> "large"
let () = print_endline (classify 2)
