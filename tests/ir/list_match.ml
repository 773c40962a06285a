let rec sum = function [] -> 0 | x :: rest -> x + sum rest
let () = print_int (sum [1; 2; 3])
