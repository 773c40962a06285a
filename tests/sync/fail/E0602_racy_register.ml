(* BUG (outside the synchronizable fragment, must be rejected): two clients each send a
   different Set to one server, which receives twice and keeps the last value. Each of the
   server's two receives can match the send of either client: one receive matches sends
   from two program points with different effects (Set 1, Set 2), a race, so the final
   value depends on which datagram arrives last and the property below does not hold in
   every run.
   Run: racy_register PORT (the server at 127.0.0.1:PORT, the clients at PORT+1, PORT+2).
   Each node prints its line with one print_string, so that the lines of nodes on
   different threads never interleave (in anerisc and in OCaml alike). *)
open Ast
open System_code

type msg = Set of int

let msg_ser (m : msg) = match m with Set v -> string_of_int v

let msg_deser (s : string) : msg =
  match int_of_string_opt s with
  | Some v -> Set v
  | None -> failwith ("racy_register: malformed message " ^ s)

let msg_serializer : msg serializer = { s_ser = msg_ser; s_deser = msg_deser }

let client (server : saddr) (v : int) (mb : msg mailbox) =
  send_to mb server (Set v);
  print_string (Printf.sprintf "client sent Set %d\n" v)

let register (mb : msg mailbox) =
  let last = ref 0 in
  let (m1, _) = receive mb in
  (match m1 with Set v -> last := v);
  let (m2, _) = receive mb in
  (match m2 with Set v -> last := v);
  print_string (Printf.sprintf "server keeps %d\n" !last)

let () =
  let port = int_of_string Sys.argv.(1) in
  let server = makeAddress "127.0.0.1" port in
  let client_a = makeAddress "127.0.0.1" (port + 1) in
  let client_b = makeAddress "127.0.0.1" (port + 2) in
  let server_mb = mailbox msg_serializer server in
  fork (client server 1) (mailbox msg_serializer client_a);
  fork (client server 2) (mailbox msg_serializer client_b);
  register server_mb
[@@ensures server.last = 2]
