(* The List module and list patterns. *)
let rec sum = function [] -> 0 | x :: rest -> x + sum rest

let rec pairs = function
  | a :: (b :: _ as rest) -> (a, b) :: pairs rest
  | [ _ ] | [] -> []

let evens l = List.filter (fun x -> x mod 2 = 0) l
let squares l = List.map (fun x -> x * x) l
let indexed l = List.mapi (fun i x -> (i, x)) l
let total l = List.fold_left ( + ) 0 l
let concat_all l = List.fold_right ( ^ ) l ""
let has_negative l = List.exists (fun x -> x < 0) l
let all_positive l = List.for_all (fun x -> x > 0) l
let sorted_desc l = List.sort (fun a b -> compare b a) l
let split_small l = List.partition (fun x -> x < 10) l
let zip = List.combine
let unzip = List.split

let describe = function
  | [] -> "empty"
  | [ x ] -> "one: " ^ string_of_int x
  | [ x; y ] -> "two: " ^ string_of_int (x + y)
  | x :: _ :: _ -> "many, first " ^ string_of_int x

let () =
  let l = List.init 10 (fun i -> i - 2) in
  print_int (sum (squares (evens l)));
  print_int (List.length (pairs l));
  print_endline (concat_all (List.rev ["a"; "b"; "c"]));
  print_endline (describe (List.tl l));
  print_int (List.hd (sorted_desc l) + List.nth l 3 + total (fst (split_small l)));
  if has_negative l && not (all_positive l) && List.mem 3 l then print_endline "mixed";
  List.iteri (fun i (a, b) -> if i < 2 then print_int (a + b)) (zip [1; 2; 3] [4; 5; 6])
