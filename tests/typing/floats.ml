(* Floating-point arithmetic and conversions. *)
let average l =
  match l with
  | [] -> 0.0
  | _ -> List.fold_left ( +. ) 0.0 l /. float_of_int (List.length l)

let variance l =
  let m = average l in
  average (List.map (fun x -> (x -. m) *. (x -. m)) l)

let round x = int_of_float (x +. 0.5)
let celsius f = (f -. 32.0) *. 5.0 /. 9.0
let hypot a b = sqrt (a *. a +. b *. b)
let negate x = -. x
let neg_int x = - x

let backoff attempt = min 1.0 (0.05 *. (2.0 ** float_of_int attempt))

let samples = [1.5; 2.5; 3.0; 4.0]
let summary = (average samples, variance samples)

let () =
  let m, v = summary in
  print_float m;
  print_newline ();
  print_endline (string_of_float v);
  print_int (round (celsius 100.0));
  print_newline ();
  print_endline (string_of_float (hypot 3.0 4.0 +. negate 1.0 +. backoff 3));
  print_int (neg_int 3 + truncate 2.9)
