(* References, while loops, for loops up and down. *)
let () =
  let total = ref 0 in
  for i = 1 to 10 do total := !total + i done;
  Printf.printf "sum 1..10 = %d\n" !total;
  for i = 5 downto 1 do print_int i; print_char ' ' done;
  print_newline ();
  let n = ref 27 and steps = ref 0 in
  while !n <> 1 do
    if !n mod 2 = 0 then n := !n / 2 else n := 3 * !n + 1;
    incr steps
  done;
  Printf.printf "collatz 27 takes %d steps\n" !steps;
  let c = ref 10 in
  decr c; decr c;
  Printf.printf "c = %d\n" !c;
  for i = 3 to 1 do print_int i done;
  let cells = ref [] in
  for i = 1 to 4 do
    for j = i to 4 do
      if (i + j) mod 3 = 0 then cells := (i, j) :: !cells
    done
  done;
  List.iter (fun (i, j) -> Printf.printf "(%d,%d)" i j) (List.rev !cells);
  print_newline ();
  let r = ref (ref 1) in
  !r := 5;
  Printf.printf "nested ref %d\n" !(!r)
