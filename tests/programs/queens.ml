(* args: 8 *)
(* N-queens with lists; the board size comes from the command line. *)
let rec safe q d = function
  | [] -> true
  | q' :: rest -> q <> q' && abs (q - q') <> d && safe q (d + 1) rest

let rec place n row placed =
  if row = n then (1, [placed])
  else begin
    let count = ref 0 and first = ref [] in
    for q = 0 to n - 1 do
      if safe q 1 placed then begin
        let (c, sols) = place n (row + 1) (q :: placed) in
        count := !count + c;
        if !first = [] then first := sols
      end
    done;
    (!count, !first)
  end

let () =
  let n = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 6 in
  let (count, first) = place n 0 [] in
  Printf.printf "%d-queens: %d solutions\n" n count;
  match first with
  | sol :: _ -> List.iter (fun q -> print_endline (String.init n (fun i -> if i = q then 'Q' else '.'))) sol
  | [] -> print_endline "none"
