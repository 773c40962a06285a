(* queens.ml: counts the ways to place N queens on an N x N board so that no two attack
   each other. Sequential (no network); a small benchmark of lists, recursion and closures.

     anerisc run examples/queens.ml -- 8       prints "8 queens: 92 solutions"
     anerisc run examples/queens.ml -- 10      prints "10 queens: 724 solutions"

   A board is the list of the columns of the queens placed so far, the last row's first. *)

(* A queen in column [col] of the next row is safe when no queen already placed shares its
   column or a diagonal; [dist] is how many rows up the queen being compared is. *)
let safe col placed =
  let rec check dist = function
    | [] -> true
    | c :: above -> c <> col && abs (c - col) <> dist && check (dist + 1) above
  in
  check 1 placed

(* The number of ways to complete [placed] (which fills [row] rows) to a whole board. *)
let rec solutions n row placed =
  if row = n then 1
  else
    List.fold_left
      (fun total col -> if safe col placed then total + solutions n (row + 1) (col :: placed) else total)
      0
      (List.init n (fun col -> col))

let () =
  let n =
    match Array.to_list Sys.argv with
    | [_] -> 8
    | [_; arg] ->
      (match int_of_string_opt arg with
       | Some n when n >= 0 -> n
       | _ -> prerr_endline "queens: N must be a number >= 0"; exit 2)
    | _ -> prerr_endline "usage: queens [N]"; exit 2
  in
  Printf.printf "%d queens: %d solutions\n" n (solutions n 0 [])
