(* Higher-order functions: functions as arguments and results. *)
let compose f g x = f (g x)
let rec iterate n f x = if n = 0 then x else iterate (n - 1) f (f x)
let flip f a b = f b a
let curry f a b = f (a, b)
let uncurry f (a, b) = f a b
let rec fold_tree f acc = function [] -> acc | x :: rest -> fold_tree f (f acc x) rest

let () =
  let inc x = x + 1 and dbl x = x * 2 in
  Printf.printf "%d %d\n" (compose inc dbl 5) (compose dbl inc 5);
  Printf.printf "%d\n" (iterate 10 dbl 1);
  Printf.printf "%d\n" (flip ( - ) 1 10);
  Printf.printf "%d\n" (curry (fun (a, b) -> a * b) 6 7);
  Printf.printf "%d\n" (uncurry ( + ) (20, 22));
  let pipeline = List.fold_left compose (fun x -> x) [inc; dbl; inc] in
  Printf.printf "%d\n" (pipeline 3);
  let counts = List.map (fun f -> f 10) [inc; dbl; (fun x -> x * x)] in
  print_endline (String.concat " " (List.map string_of_int counts));
  Printf.printf "%d\n" (fold_tree max 0 [3; 9; 2]);
  let make_multiplier k = fun x -> k * x in
  let ms = List.map make_multiplier [2; 3; 4] in
  Printf.printf "%d\n" (List.fold_left (fun acc f -> f acc) 1 ms);
  let memo_table = ref [] in
  let memo f x = match List.assoc_opt x !memo_table with
    | Some v -> v
    | None -> let v = f x in memo_table := (x, v) :: !memo_table; v in
  let first = memo dbl 4 in
  let second = memo inc 4 in
  Printf.printf "%d %d %d\n" first second (List.length !memo_table)
