(* A client asks a server for the successor of a number given on the command line; the
   server answers max_int itself for max_int, whose successor would wrap to min_int.
   Verified: the answer is greater than the number sent, or both are max_int.
   Run: successor_saturating PORT V. *)
open Ast
open System_code

let server (mb : int mailbox) =
  let (x, from) = receive mb in
  let reply = if x < max_int then x + 1 else x in
  send_to mb from reply

let client (server : saddr) (v : int) (mb : int mailbox) =
  send_to mb server v;
  let (answer, _) = receive mb in
  print_string (Printf.sprintf "answer %d\n" answer)

let () =
  let port = int_of_string Sys.argv.(1) in
  let v = int_of_string Sys.argv.(2) in
  let srv = makeAddress "127.0.0.1" port in
  let cli = makeAddress "127.0.0.1" (port + 1) in
  let server_mb = mailbox Serialization_code.int_serializer srv in
  let client_mb = mailbox Serialization_code.int_serializer cli in
  fork server server_mb;
  client srv v client_mb
[@@ensures cli.answer > cli.v || (cli.v = max_int && cli.answer = max_int)]
