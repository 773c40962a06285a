(* Ends with an uncaught Failure: OCaml prints it on stderr and exits with 2. *)
let check_positive n = if n <= 0 then failwith (Printf.sprintf "not positive: %d" n) else n

let () =
  print_endline "checking";
  let total = List.fold_left (fun acc n -> acc + check_positive n) 0 [3; 2; 1] in
  Printf.printf "total %d\n" total;
  prerr_endline "about to fail";
  ignore (check_positive (-4));
  print_endline "unreachable"
