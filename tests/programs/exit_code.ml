(* exit 3 after writing to both streams: buffers are flushed, the code is 3. *)
let rec find_first p = function
  | [] -> None
  | x :: rest -> if p x then Some x else find_first p rest

let () =
  print_string "searching... ";
  match find_first (fun x -> x > 10) [1; 5; 8] with
  | Some x -> Printf.printf "found %d\n" x
  | None ->
      print_endline "none";
      Printf.eprintf "error: nothing above %d\n" 10;
      exit 3
