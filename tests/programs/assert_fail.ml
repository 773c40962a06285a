(* A failing assert: Assert_failure with the file and position, exit code 2. *)
let rec fact n = if n <= 1 then 1 else n * fact (n - 1)

let () =
  assert (fact 5 = 120);
  print_endline "first assert holds";
  (try assert (fact 3 = 7) with Assert_failure (_, line, _) -> Printf.printf "caught at line %d\n" line);
  assert (fact 4 = 25);
  print_endline "unreachable"
