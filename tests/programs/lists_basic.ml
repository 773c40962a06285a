(* List functions of the subset. *)
let show l = "[" ^ String.concat "; " (List.map string_of_int l) ^ "]"

let () =
  let l = [5; 3; 8; 1; 9; 2] in
  print_endline (show l);
  print_endline (show (List.map (fun x -> x * 10) l));
  List.iter (fun x -> print_int x) l; print_newline ();
  Printf.printf "%d\n" (List.fold_left ( + ) 0 l);
  print_endline (List.fold_right (fun x acc -> string_of_int x ^ acc) l "");
  Printf.printf "%d\n" (List.length l);
  print_endline (show (List.rev l));
  print_endline (show (List.filter (fun x -> x mod 2 = 1) l));
  Printf.printf "%b %b\n" (List.exists (fun x -> x > 8) l) (List.exists (fun x -> x > 9) l);
  Printf.printf "%b %b\n" (List.for_all (fun x -> x > 0) l) (List.for_all (fun x -> x > 1) l);
  Printf.printf "%b %b\n" (List.mem 8 l) (List.mem 7 l);
  let table = [("one", 1); ("two", 2); ("three", 3)] in
  Printf.printf "%d\n" (List.assoc "two" table);
  Printf.printf "%d\n" (List.nth l 2);
  print_endline (show ([1; 2] @ [3] @ []));
  print_endline (show (0 :: l));
  (match l with a :: b :: _ -> Printf.printf "%d %d\n" a b | _ -> ());
  Printf.printf "%d %s\n" (List.hd l) (show (List.tl l));
  let rec range a b = if a > b then [] else a :: range (a + 1) b in
  print_endline (show (List.concat [range 1 3; range 7 9]))
