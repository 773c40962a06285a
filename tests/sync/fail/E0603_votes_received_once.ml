(* Every participant answers, but the coordinator receives a single answer instead of one
   per participant (a `List.iter` over the set): all the other answers would be lost, and
   which one it gets depends on the network. Run: votes_received_once N PORT. *)
open Ast
open System_code

let participant (coord : saddr) (mb : int mailbox) =
  let (x, _) = receive mb in
  send_to mb coord (x + 1)

let coordinator (mb : int mailbox) (parts : saddr list) =
  List.iter (fun p -> send_to mb p 1) parts;
  let (y, _) = receive mb in
  print_string (Printf.sprintf "got %d\n" y)

let () =
  let n = int_of_string Sys.argv.(1) in
  let port = int_of_string Sys.argv.(2) in
  let coord = makeAddress "127.0.0.1" port in
  let parts = addresses "127.0.0.1" (port + 1) n in
  let coord_mb = mailbox Serialization_code.int_serializer coord in
  List.iter (fun p -> fork (participant coord) (mailbox Serialization_code.int_serializer p)) parts;
  coordinator coord_mb parts
