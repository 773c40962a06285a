(* 63-bit integers wrap around like OCaml's. *)
let () =
  Printf.printf "%d\n" max_int;
  Printf.printf "%d\n" min_int;
  Printf.printf "%d\n" (max_int + 1);
  Printf.printf "%b\n" (max_int + 1 = min_int);
  Printf.printf "%d\n" (min_int - 1);
  Printf.printf "%d\n" (max_int * 2);
  Printf.printf "%d\n" (- min_int);
  Printf.printf "%d\n" (abs min_int);
  let rec pow b e = if e = 0 then 1 else b * pow b (e - 1) in
  Printf.printf "%d\n" (pow 2 62);
  Printf.printf "%d\n" (pow 2 63);
  Printf.printf "%d\n" (pow 3 40);
  Printf.printf "%d %d\n" (min_int / -1) (min_int mod -1);
  let fact = List.fold_left ( * ) 1 (List.init 25 (fun i -> i + 1)) in
  Printf.printf "25! wraps to %d\n" fact;
  Printf.printf "%x\n" (-1);
  print_endline (string_of_int (max_int / 3 * 4))
