(* BUG (verification must fail): the server answers the successor of the number it receives,
   and the system claims the answer is greater than the number sent. At max_int the
   successor wraps to min_int: run with V = 4611686018427387903 and the client prints
   -4611686018427387904.
   Run: successor_overflows PORT V. *)
open Ast
open System_code

let server (mb : int mailbox) =
  let (x, from) = receive mb in
  send_to mb from (x + 1)

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
[@@ensures cli.answer > cli.v]
