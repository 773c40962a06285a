(* args: alpha 42 -7 two words *)
(* Command-line arguments through Sys.argv. *)
let () =
  let n = Array.length Sys.argv in
  Printf.printf "%d arguments\n" (n - 1);
  for i = 1 to n - 1 do
    Printf.printf "argv.(%d) = %s (%d chars)\n" i Sys.argv.(i) (String.length Sys.argv.(i))
  done;
  let numbers = List.filter_map int_of_string_opt (List.tl (Array.to_list Sys.argv)) in
  Printf.printf "sum of numeric args %d\n" (List.fold_left ( + ) 0 numbers)
