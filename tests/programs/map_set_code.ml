(* ocaml-flags: -rectypes *)
(* Aneris's association-list maps and list sets (Map_code, Set_code). *)
open List_code
open Set_code
open Map_code

let show_set s = String.concat "," (List.sort compare (set_foldl (fun acc x -> string_of_int x :: acc) [] s))

let () =
  let s1 = List.fold_left (fun s x -> set_add x s) (set_empty ()) [3; 1; 3; 2; 1] in
  let s2 = set_add 4 (set_add 2 (set_empty ())) in
  Printf.printf "s1={%s} card %d\n" (show_set s1) (set_cardinal s1);
  Printf.printf "union={%s}\n" (show_set (set_union s1 s2));
  Printf.printf "%b %b %b\n" (set_mem 2 s1) (set_subseteq s2 s1) (set_equal s1 (set_add 2 (set_add 3 (set_add 1 (set_empty ())))));
  Printf.printf "all positive %b\n" (set_forall (fun x -> x > 0) s1);
  set_iter (fun x -> ignore x) s1;
  let m = map_insert "b" 2 (map_insert "a" 1 (map_empty ())) in
  let m = map_insert "a" 10 m in
  let show_lookup k = match map_lookup k m with Some v -> string_of_int v | None -> "-" in
  Printf.printf "a=%s b=%s c=%s\n" (show_lookup "a") (show_lookup "b") (show_lookup "c");
  Printf.printf "mem %b %b\n" (map_mem "b" m) (map_mem "z" m);
  let m2 = map_remove "a" m in
  Printf.printf "after remove: %d keys\n" (set_cardinal (map_dom m2));
  map_iter (fun k v -> Printf.printf "%s->%d " k v) m;
  print_newline ();
  Printf.printf "forall %b\n" (map_forall (fun k v -> String.length k = 1 && v > 0) m);
  Printf.printf "dom size %d\n" (set_cardinal (map_dom m))
