(* Tuples of several arities, nested tuples and tuple patterns. *)
let triple a b c = (a, b, c)
let first3 (a, _, _) = a
let rotate (a, b, c) = (b, c, a)

let min_max l =
  List.fold_left (fun (lo, hi) x -> (min lo x, max hi x)) (max_int, min_int) l

let nested = ((1, "one"), (2.0, ('t', true)))
let deep_select ((n, _), (_, (c, _))) = (n, c)

let quad = (1, 2, 3, 4)
let sum4 (a, b, c, d) = a + b + c + d

let stats l =
  let lo, hi = min_max l in
  let n = List.length l in
  (n, lo, hi, List.fold_left ( + ) 0 l / max 1 n)

let () =
  let n, lo, hi, avg = stats [ 4; 8; 15; 16; 23; 42 ] in
  Printf.printf "%d %d %d %d\n" n lo hi avg;
  print_int (first3 (rotate (triple 1 2 3)) + sum4 quad + fst (deep_select nested));
  print_newline ()
