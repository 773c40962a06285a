(* The smallest system: a client asks a server for the successor of 41 and the server
   answers the sender of the request (its address comes with the message). Verified: the
   client's answer is 42, and the server's reply is one more than what it received.
   Run: request_reply PORT. *)
open Ast
open System_code

let server (mb : int mailbox) =
  let (x, from) = receive mb in
  let reply = x + 1 in
  send_to mb from reply

let client (server : saddr) (mb : int mailbox) =
  send_to mb server 41;
  let (answer, _) = receive mb in
  assert (answer > 0);
  print_string (Printf.sprintf "answer %d\n" answer)

let () =
  let port = int_of_string Sys.argv.(1) in
  let srv = makeAddress "127.0.0.1" port in
  let cli = makeAddress "127.0.0.1" (port + 1) in
  let server_mb = mailbox Serialization_code.int_serializer srv in
  let client_mb = mailbox Serialization_code.int_serializer cli in
  fork server server_mb;
  client srv client_mb
[@@ensures cli.answer = 42 && srv.reply = srv.x + 1]
