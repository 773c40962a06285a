(* Closures capturing mutable state and values. *)
let make_counter start =
  let n = ref start in
  (fun () -> incr n; !n), (fun () -> n := start)

let adders = List.map (fun k -> fun x -> x + k) [1; 10; 100]

let () =
  let next, reset = make_counter 5 in
  let a = next () in
  let b = next () in
  Printf.printf "%d %d\n" a b;
  reset ();
  Printf.printf "after reset %d\n" (next ());
  let other, _ = make_counter 100 in
  Printf.printf "independent %d %d\n" (other ()) (next ());
  List.iter (fun f -> Printf.printf "%d " (f 1)) adders;
  print_newline ();
  let compose f g x = f (g x) in
  let twice f = compose f f in
  print_int (twice (twice (fun x -> x * 2)) 3);
  print_newline ()
