(* More of List: sorting, partition, combine/split, assoc_opt, init, filter_map. *)
let show l = String.concat "," (List.map string_of_int l)

let () =
  let l = [4; 1; 3; 1; 5; 9; 2; 6] in
  print_endline (show (List.sort compare l));
  print_endline (show (List.sort (fun a b -> compare b a) l));
  print_endline (show (List.sort_uniq compare l));
  let by_len = List.stable_sort (fun a b -> compare (String.length a) (String.length b)) ["ccc"; "a"; "bb"; "d"; "ee"] in
  print_endline (String.concat " " by_len);
  let evens, odds = List.partition (fun x -> x mod 2 = 0) l in
  Printf.printf "%s | %s\n" (show evens) (show odds);
  let pairs = List.combine [1; 2; 3] ["a"; "b"; "c"] in
  List.iter (fun (n, s) -> Printf.printf "%d%s " n s) pairs;
  print_newline ();
  let ns, ss = List.split pairs in
  Printf.printf "%s %s\n" (show ns) (String.concat "" ss);
  (match List.assoc_opt 2 pairs with Some s -> print_endline s | None -> print_endline "-");
  (match List.assoc_opt 7 pairs with Some s -> print_endline s | None -> print_endline "-");
  print_endline (show (List.init 5 (fun i -> i * i)));
  print_endline (show (List.filter_map (fun x -> if x > 3 then Some (x * 2) else None) l));
  print_endline (show (List.concat_map (fun x -> [x; x]) [1; 2]));
  print_endline (show (List.mapi (fun i x -> i + x) [10; 20; 30]));
  (match List.find_opt (fun x -> x > 4) l with Some x -> Printf.printf "first > 4: %d\n" x | None -> ());
  Printf.printf "%d\n" (List.find (fun x -> x > 5) l);
  print_endline (show (List.rev_append [1; 2] [3; 4]));
  print_endline (show (List.merge compare [1; 4; 7] [2; 3; 8]));
  Printf.printf "%b\n" (List.mem_assoc 3 pairs);
  print_endline (show (List.map fst (List.remove_assoc 2 pairs)));
  print_endline (show (List.map2 ( + ) [1; 2] [10; 20]));
  (try ignore (List.map2 ( + ) [1] [1; 2]) with Invalid_argument m -> print_endline m);
  (try ignore (List.nth [1] 5) with Failure m -> print_endline m);
  (try ignore (List.find (fun x -> x > 100) l) with Not_found -> print_endline "Not_found")
