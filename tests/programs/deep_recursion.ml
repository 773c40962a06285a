(* Non-tail recursion to depth 100,000. *)
let rec build n = if n = 0 then [] else n :: build (n - 1)
let rec sum = function [] -> 0 | x :: t -> x + sum t
let rec depth n = if n = 0 then 0 else 1 + depth (n - 1)
let rec append a b = match a with [] -> b | x :: t -> x :: append t b

let () =
  let l = build 100000 in
  Printf.printf "length %d\n" (List.length l);
  Printf.printf "sum %d\n" (sum l);
  Printf.printf "depth %d\n" (depth 100000);
  let m = append l [0] in
  Printf.printf "appended %d last %d\n" (List.length m) (List.nth m 100000);
  let doubled = List.map (fun x -> 2 * x) l in
  Printf.printf "map %d\n" (List.fold_left ( + ) 0 doubled)
