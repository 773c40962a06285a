(* Float functions: sqrt, floor, ceil, exp, log, powers, comparisons. *)
let newton_sqrt x =
  let rec loop guess n = if n = 0 then guess else loop ((guess +. x /. guess) /. 2.0) (n - 1) in
  loop x 30

let rec integrate f a b n =
  if n = 0 then 0.0
  else
    let h = (b -. a) /. float_of_int n in
    let rec sum i acc = if i = n then acc else sum (i + 1) (acc +. f (a +. (float_of_int i +. 0.5) *. h)) in
    h *. sum 0 0.0

let () =
  Printf.printf "%.6f %.6f\n" (sqrt 2.0) (newton_sqrt 2.0);
  Printf.printf "%.1f %.1f %.1f %.1f\n" (floor 2.7) (ceil 2.1) (floor (-2.5)) (ceil (-2.5));
  Printf.printf "%.5f %.5f\n" (exp 1.0) (log 10.0);
  Printf.printf "%.4f\n" (integrate (fun x -> x *. x) 0.0 1.0 1000);
  Printf.printf "%g\n" (abs_float (-3.5));
  Printf.printf "%b %b %b\n" (1.5 < 2.5) (2.0 = 2.0) (compare 3.0 1.0 > 0);
  let mean l = List.fold_left ( +. ) 0.0 l /. float_of_int (List.length l) in
  Printf.printf "mean %.2f\n" (mean [1.0; 2.0; 3.0; 4.5]);
  Printf.printf "%.3f\n" (-. 1.25 *. 4.0);
  Printf.printf "%b\n" (nan = nan);
  Printf.printf "%g %g\n" infinity neg_infinity
