(* ocaml-flags: -rectypes *)
(* The rest of List_code: folds, indices, sub-lists, updates and splits. *)
open List_code

let show l = String.concat " " (List.rev (list_fold (fun acc x -> string_of_int x :: acc) [] l))

let () =
  let l = list_init 8 (fun i -> i * 10) in
  print_endline (show l);
  print_endline (show (list_make 3 7));
  list_iteri (fun i x -> Printf.printf "%d:%d " i x) (list_sub 3 l);
  print_newline ();
  print_endline (show (list_mapi (fun i x -> x + i) l));
  print_endline (show (list_update l 2 999));
  print_endline (show (list_suf 5 l));
  print_endline (show (list_inf 2 4 l));
  print_endline (show (list_inf_ofs 1 3 l));
  let front, back = list_split 3 l in
  Printf.printf "%s | %s\n" (show front) (show back);
  (match list_find_remove (fun x -> x = 40) l with
   | Some (x, rest) -> Printf.printf "removed %d, left %s\n" x (show rest)
   | None -> print_endline "absent");
  (match list_find_remove (fun x -> x = 45) l with Some _ -> print_endline "found" | None -> print_endline "absent");
  Printf.printf "%b %b\n" (list_forall (fun x -> x mod 10 = 0) l) (list_forall (fun x -> x < 70) l);
  let total = ref 0 in
  list_iter (fun x -> total := !total + x) l;
  Printf.printf "total %d\n" !total;
  print_endline (show (list_rev_aux (list_cons 1 (list_cons 2 list_nil)) (list_cons 3 list_nil)));
  (match list_nth l 20 with None -> print_endline "no 20th" | Some _ -> ())
