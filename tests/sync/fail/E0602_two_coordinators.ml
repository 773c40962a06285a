(* A race between two send loops: two coordinators each send their proposal to every
   participant, and each participant keeps the first proposal it receives. Which one that
   is depends on the network, so the participants may disagree.
   Run: two_coordinators N PORT. *)
open Ast
open System_code

let participant (mb : int mailbox) =
  let (first, _) = receive mb in
  let (_, _) = receive mb in
  print_string (Printf.sprintf "participant chose %d\n" first)

let coordinator (proposal : int) (mb : int mailbox) (parts : saddr list) =
  List.iter (fun p -> send_to mb p proposal) parts

let () =
  let n = int_of_string Sys.argv.(1) in
  let port = int_of_string Sys.argv.(2) in
  let c1 = makeAddress "127.0.0.1" port in
  let c2 = makeAddress "127.0.0.1" (port + 1) in
  let parts = addresses "127.0.0.1" (port + 2) n in
  let c1_mb = mailbox Serialization_code.int_serializer c1 in
  let c2_mb = mailbox Serialization_code.int_serializer c2 in
  List.iter (fun p -> fork participant (mailbox Serialization_code.int_serializer p)) parts;
  fork (coordinator 1 c1_mb) parts;
  coordinator 2 c2_mb parts
[@@ensures List.for_all (fun p -> p.first = 1) parts]
