let add3 a b c = a + b + c
let () = let f = add3 1 in let g = f 2 in print_int (g 3)
