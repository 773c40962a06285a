(* A race inside a receive loop: every participant sends two messages at once, and the
   coordinator gathers them in two loops of one message per participant. While the first
   loop runs, a participant's second message is already on its way and may be taken for
   another participant's first. Run: second_message_in_flight N PORT. *)
open Ast
open System_code

let participant (coord : saddr) (mb : int mailbox) =
  send_to mb coord 1;
  send_to mb coord 2

let coordinator (mb : int mailbox) (parts : saddr list) =
  let total = ref 0 in
  (List.iter (fun _ -> let (x, _) = receive mb in total := !total + x) parts)
  [@invariant fun seen -> !total = List.length seen];
  (List.iter (fun _ -> let (x, _) = receive mb in total := !total + x) parts)
  [@invariant fun seen -> !total = List.length parts + 2 * List.length seen];
  print_string (Printf.sprintf "total %d\n" !total)

let () =
  let n = int_of_string Sys.argv.(1) in
  let port = int_of_string Sys.argv.(2) in
  let coord = makeAddress "127.0.0.1" port in
  let parts = addresses "127.0.0.1" (port + 1) n in
  let coord_mb = mailbox Serialization_code.int_serializer coord in
  List.iter (fun p -> fork (participant coord) (mailbox Serialization_code.int_serializer p)) parts;
  coordinator coord_mb parts
[@@ensures coord.total = 3 * List.length parts]
