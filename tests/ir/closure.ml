let make_adder k = fun x -> x + k
let () = let add5 = make_adder 5 in print_int (add5 3)
