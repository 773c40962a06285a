(* Options: construction, matching, helpers written by hand. *)
let safe_div a b = if b = 0 then None else Some (a / b)
let map_opt f = function None -> None | Some x -> Some (f x)
let bind_opt o f = match o with None -> None | Some x -> f x
let default d = function None -> d | Some x -> x
let show = function None -> "None" | Some n -> "Some " ^ string_of_int n

let rec find_index p i = function
  | [] -> None
  | x :: rest -> if p x then Some i else find_index p (i + 1) rest

let () =
  print_endline (show (safe_div 10 2));
  print_endline (show (safe_div 1 0));
  print_endline (show (map_opt (fun x -> x + 1) (Some 41)));
  print_endline (show (bind_opt (safe_div 100 5) (fun q -> safe_div q 0)));
  print_endline (show (bind_opt (safe_div 100 5) (fun q -> safe_div q 2)));
  Printf.printf "%d\n" (default 7 None);
  print_endline (show (find_index (fun s -> s = "c") 0 ["a"; "b"; "c"]));
  let nested = Some (Some 3) in
  (match nested with Some (Some n) -> Printf.printf "inner %d\n" n | Some None | None -> ());
  let opts = [Some 1; None; Some 3] in
  Printf.printf "%d\n" (List.fold_left (fun acc o -> acc + default 0 o) 0 opts);
  Printf.printf "%b %b\n" (Some 1 = Some 1) (None < Some 0)
