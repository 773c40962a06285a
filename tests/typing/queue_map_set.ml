(* ocaml-flags: -rectypes *)
(* Aneris's queues, maps and sets. *)
open List_code
open Queue_code
open Map_code
open Set_code

let enqueue_all q l = List.fold_left (fun q x -> queue_add x q) q l

let drain q =
  let rec loop q acc =
    match queue_take_opt q with
    | Some (x, rest) -> loop rest (x :: acc)
    | None -> List.rev acc
  in
  loop q []

let word_counts words =
  List.fold_left
    (fun m w ->
      match map_lookup w m with
      | Some n -> map_insert w (n + 1) m
      | None -> map_insert w 1 m)
    (map_empty ()) words

let members = set_add 3 (set_add 1 (set_add 3 (set_empty ())))

let () =
  let q = enqueue_all (queue_empty ()) [1; 2; 3] in
  print_int (List.length (drain q));
  let counts = word_counts ["a"; "b"; "a"] in
  map_iter (fun w n -> print_endline (w ^ " " ^ string_of_int n)) counts;
  print_int (set_cardinal members);
  print_int (list_length (map_dom counts));
  if set_mem 1 members && not (queue_is_empty q) then print_endline "ok"
