let id x = x
let pair x = (x, x)
let () = let (a, _) = pair (id 3) in let (s, _) = pair (id "s") in print_string s; print_int a
