let swap (a, b) = (b, a)
let () = let (s, n) = swap (1, "one") in print_string s; print_int n
