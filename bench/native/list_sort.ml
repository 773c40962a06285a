(* Lists: sorting pseudo-random lists with List.sort and a hand-written merge sort, then
   merging, mapping, filtering and folding them. *)

let seed = ref 12345

let next () =
  seed := (!seed * 1103515245 + 12345) land 0x3fffffff;
  !seed mod 100000

let rec random_list n acc = if n = 0 then acc else random_list (n - 1) (next () :: acc)

let rec split l left right =
  match l with
  | [] -> (left, right)
  | x :: rest -> split rest right (x :: left)

let rec merge a b =
  match (a, b) with
  | [], l | l, [] -> l
  | x :: xs, y :: ys -> if x <= y then x :: merge xs b else y :: merge a ys

let rec msort l =
  match l with
  | [] | [ _ ] -> l
  | _ ->
    let left, right = split l [] [] in
    merge (msort left) (msort right)

let rec sorted l = match l with x :: (y :: _ as rest) -> x <= y && sorted rest | _ -> true

let () =
  let total = ref 0 in
  for round = 1 to 8 do
    let l = random_list 40000 [] in
    let a = List.sort compare l in
    let b = msort l in
    if not (sorted a && sorted b && a = b) then failwith "not sorted";
    let evens = List.filter (fun x -> x mod 2 = 0) a in
    let doubled = List.map (fun x -> 2 * x) evens in
    let merged = merge doubled b in
    let sum = List.fold_left ( + ) 0 merged in
    total := !total + sum + List.length (List.rev merged);
    if round mod 4 = 0 then Printf.printf "round %d: %d elements, sum %d\n" round (List.length merged) sum
  done;
  Printf.printf "total %d\n" !total
