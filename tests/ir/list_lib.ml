let () =
  let xs = List.map (fun x -> x * x) [1; 2; 3] in
  List.iter print_int (List.rev xs);
  print_int (List.fold_left ( + ) 0 xs)
