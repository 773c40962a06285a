let total = List.fold_left ( + ) 0 [1; 2; 3]
let () = print_int (totl + 1)
