(* Outside the fragment: the coordinator's loop receives the participants' answers, which
   arrive in any order, but checks each against the loop's member `p` as if the k-th answer
   came from the k-th participant. The assert would fail at run time whenever the answers
   arrive out of order. Run: receive_loop_uses_member N PORT. *)
open Ast
open System_code

let participant (coord : saddr) (mb : int mailbox) =
  let (x, _) = receive mb in
  send_to mb coord (x + 1)

let coordinator (mb : int mailbox) (parts : saddr list) =
  List.iter (fun p -> send_to mb p 1) parts;
  let total = ref 0 in
  (List.iter (fun p -> let (y, from) = receive mb in assert (from = p); total := !total + y) parts)
  [@invariant fun seen -> !total = 2 * List.length seen];
  print_string (Printf.sprintf "total %d\n" !total)

let () =
  let n = int_of_string Sys.argv.(1) in
  let port = int_of_string Sys.argv.(2) in
  let coord = makeAddress "127.0.0.1" port in
  let parts = addresses "127.0.0.1" (port + 1) n in
  let coord_mb = mailbox Serialization_code.int_serializer coord in
  List.iter (fun p -> fork (participant coord) (mailbox Serialization_code.int_serializer p)) parts;
  coordinator coord_mb parts
