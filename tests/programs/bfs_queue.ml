(* ocaml-flags: -rectypes *)
(* Breadth-first search over a graph, with Queue_code as the work list and Set_code for
   the visited nodes. *)
open List_code
open Set_code
open Queue_code

let graph = [(1, [2; 3]); (2, [4]); (3, [4; 5]); (4, [6]); (5, [6]); (6, []); (7, [1])]

let bfs start =
  let rec go q visited order =
    match queue_take_opt q with
    | None -> List.rev order
    | Some ((node, dist), rest) ->
        let next = List.filter (fun n -> not (set_mem n visited)) (List.assoc node graph) in
        let visited = List.fold_left (fun s n -> set_add n s) visited next in
        let q = List.fold_left (fun q n -> queue_add (n, dist + 1) q) rest next in
        go q visited ((node, dist) :: order)
  in
  go (queue_add (start, 0) (queue_empty ())) (set_add start (set_empty ())) []

let () =
  List.iter (fun (n, d) -> Printf.printf "%d@%d " n d) (bfs 1);
  print_newline ();
  List.iter (fun (n, d) -> Printf.printf "%d@%d " n d) (bfs 7);
  print_newline ();
  Printf.printf "reachable from 4: %d\n" (List.length (bfs 4))
