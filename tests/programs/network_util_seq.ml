(* ocaml-flags: -rectypes *)
(* The sequential helpers of Network_util_code: unSOME and message tags. *)
open Network_util_code

let () =
  Printf.printf "%d\n" (unSOME (Some 5));
  let msgs = ["PING_17"; "VOTE_a_b"; "nounderscore"; "_empty"; "TRAILING_"] in
  List.iter (fun m -> Printf.printf "%s: tag=%s value=%s\n" m (tag_of_message m) (value_of_message m)) msgs;
  (try ignore (unSOME None) with Failure _ -> print_endline "unSOME None fails")
