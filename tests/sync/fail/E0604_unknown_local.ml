(* A specification naming a local the node does not have: the server's answer is `reply`,
   not `answer`. Run: unknown_local PORT. *)
open Ast
open System_code

let server (mb : int mailbox) =
  let (x, from) = receive mb in
  let reply = x + 1 in
  send_to mb from reply

let client (server : saddr) (mb : int mailbox) =
  send_to mb server 41;
  let (answer, _) = receive mb in
  print_string (Printf.sprintf "answer %d\n" answer)

let () =
  let port = int_of_string Sys.argv.(1) in
  let srv = makeAddress "127.0.0.1" port in
  let cli = makeAddress "127.0.0.1" (port + 1) in
  let server_mb = mailbox Serialization_code.int_serializer srv in
  let client_mb = mailbox Serialization_code.int_serializer cli in
  fork server server_mb;
  client srv client_mb
[@@ensures srv.answer = 42]
