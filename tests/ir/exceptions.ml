exception Oops of int
let risky n = if n > 2 then raise (Oops n) else n
let () =
  (try print_int (risky 5) with Oops k -> print_int k | Not_found -> ());
  print_int (try risky 1 with _ -> 0)
