(* Matrices as lists of lists: transpose, multiply, power. *)
let rec transpose = function
  | [] | [] :: _ -> []
  | rows -> List.map List.hd rows :: transpose (List.map List.tl rows)

let dot a b = List.fold_left ( + ) 0 (List.map2 ( * ) a b)
let mul a b = let bt = transpose b in List.map (fun row -> List.map (dot row) bt) a
let identity n = List.init n (fun i -> List.init n (fun j -> if i = j then 1 else 0))
let rec power m k = if k = 0 then identity (List.length m) else mul m (power m (k - 1))

let print m = List.iter (fun row -> print_endline (String.concat " " (List.map (Printf.sprintf "%3d") row))) m

let () =
  let a = [[1; 2; 3]; [4; 5; 6]] in
  print (transpose a);
  print_endline "--";
  print (mul a (transpose a));
  print_endline "--";
  let fib = [[1; 1]; [1; 0]] in
  print (power fib 10);
  Printf.printf "trace %d\n" (List.fold_left ( + ) 0 (List.mapi (fun i row -> List.nth row i) (power fib 5)))
