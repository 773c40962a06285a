(* Partial application of curried functions, including primitives and constructors. *)
let add3 a b c = a + b + c
let add_one_two = add3 1 2
let scale k = List.map (( * ) k)
let prefix p s = p ^ s

let () =
  print_int (add_one_two 3); print_newline ();
  let f = add3 10 in
  let g = f 20 in
  print_int (g 30); print_newline ();
  List.iter (fun x -> print_int x; print_char ' ') (scale 3 [1; 2; 3]);
  print_newline ();
  let greet = prefix "hello, " in
  print_endline (greet "world");
  let pairs = List.map (fun x -> (x, x * x)) [1; 2; 3] in
  let show = Printf.printf "(%d,%d) " in
  List.iter (fun (a, b) -> show a b) pairs;
  print_newline ();
  let sub_from = ( - ) 100 in
  print_int (sub_from 1); print_newline ();
  let apply_all fs x = List.map (fun f -> f x) fs in
  List.iter (fun v -> Printf.printf "%d;" v) (apply_all [add3 1 1; ( + ) 5; abs] (-4));
  print_newline ()
