(* Higher-order functions over lists and options. *)
let rec fold_until p f acc = function
  | [] -> acc
  | x :: rest -> if p acc then acc else fold_until p f (f acc x) rest

let map_option f = function None -> None | Some x -> Some (f x)
let bind_option o f = match o with None -> None | Some x -> f x

let filter_map f l =
  List.fold_right (fun x acc -> match f x with Some y -> y :: acc | None -> acc) l []

let curry f x y = f (x, y)
let uncurry f (x, y) = f x y
let flip f x y = f y x

let pipeline = [ (fun x -> x + 1); (fun x -> x * 3); (fun x -> x - 2) ]
let run_pipeline x = List.fold_left (fun acc f -> f acc) x pipeline

let sum_until_big = fold_until (fun acc -> acc > 100) ( + ) 0

let parse_all l = filter_map int_of_string_opt l
let halve x = if x mod 2 = 0 then Some (x / 2) else None
let quarter x = bind_option (halve x) halve

let () =
  print_int (run_pipeline 4);
  print_int (sum_until_big [50; 40; 30; 20]);
  print_int (List.length (parse_all ["1"; "x"; "3"]));
  print_int (uncurry ( + ) (1, 2) + curry fst 1 2 + flip ( - ) 1 10)
