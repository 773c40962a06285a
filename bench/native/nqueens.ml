(* N-queens: count every placement of N queens by backtracking over lists of columns. *)

let rec safe col dist placed =
  match placed with
  | [] -> true
  | c :: rest -> c <> col && c + dist <> col && c - dist <> col && safe col (dist + 1) rest

let rec place n row placed =
  if row = n then 1
  else begin
    let count = ref 0 in
    for col = 0 to n - 1 do
      if safe col 1 placed then count := !count + place n (row + 1) (col :: placed)
    done;
    !count
  end

let () =
  for n = 4 to 12 do
    Printf.printf "queens %d: %d solutions\n" n (place n 0 [])
  done
