(* ocaml-flags: -rectypes *)
(* Aneris's option-encoded lists (List_code), which need -rectypes in OCaml. *)
open List_code

let rec of_list = function [] -> list_nil | x :: t -> list_cons x (of_list t)
let show l = "[" ^ String.concat ";" (List.rev (list_fold (fun acc x -> string_of_int x :: acc) [] l)) ^ "]"

let rec sum_alist (l : int alist) = match l with None -> 0 | Some (x, t) -> x + sum_alist t

let () =
  let l = of_list [3; 1; 4; 1; 5] in
  print_endline (show l);
  Printf.printf "length %d sum %d\n" (list_length l) (sum_alist l);
  print_endline (show (list_map (fun x -> x * x) l));
  print_endline (show (list_filter (fun x -> x > 1) l));
  print_endline (show (list_rev l));
  print_endline (show (list_append l (of_list [9; 2])));
  (match list_nth l 2 with Some x -> Printf.printf "nth 2 = %d\n" x | None -> ());
  (match list_head (list_tail l) with Some x -> Printf.printf "second %d\n" x | None -> ());
  Printf.printf "%b %b %b\n" (list_mem 4 l) (list_mem 7 l) (list_is_empty list_nil);
  let manual : int alist = Some (1, Some (2, None)) in
  print_endline (show manual)
