(* A helper returning a channel made without a protocol: nothing is checked on it, so nothing
   is refused (a note says the socket is unchecked). *)
open Ast
open Serialization_code
open Client_server_code

let connect_to here there =
  let skt = make_client_skt int_serializer int_serializer here in
  connect skt there

let () =
  let c = connect_to (makeAddress "127.0.0.1" 9001) (makeAddress "127.0.0.1" 9000) in
  send c 1;
  Printf.printf "%d\n" (recv c)
