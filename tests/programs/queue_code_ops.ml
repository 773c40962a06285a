(* ocaml-flags: -rectypes *)
(* Aneris's functional queues (Queue_code). *)
open List_code
open Queue_code

let rec drain q acc =
  match queue_take_opt q with
  | None -> List.rev acc
  | Some (x, rest) -> drain rest (x :: acc)

let show l = String.concat "," (List.map string_of_int l)

let () =
  let q = List.fold_left (fun q x -> queue_add x q) (queue_empty ()) [1; 2; 3; 4; 5; 6] in
  Printf.printf "empty? %b %b\n" (queue_is_empty q) (queue_is_empty (queue_empty ()));
  (match queue_peek_opt q with Some x -> Printf.printf "peek %d\n" x | None -> ());
  print_endline (show (drain q []));
  print_endline (show (drain (queue_filter (fun x -> x mod 2 = 0) q) []));
  print_endline (show (drain (queue_drop q 4) []));
  print_endline (show (drain (queue_drop q 10) []));
  queue_iter (fun x -> Printf.printf "<%d>" x) q;
  print_newline ();
  let q2 = match queue_take_opt q with Some (_, r) -> queue_add 7 r | None -> q in
  queue_iteri (fun i x -> Printf.printf "%d=%d " i x) q2;
  print_newline ();
  let (front, back) = queue_norm (queue_add 1 (queue_empty ())) in
  Printf.printf "%d %d\n" (list_length front) (list_length back)
