(* A helper makes the socket with the protocol and returns it: the walk cannot follow the
   socket into its caller, so it says so instead of leaving the channel unchecked (the
   caller sends an int where the protocol wants a string). *)
open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| p = !(x : string). end |}]

let socket_for ser = make_client_skt ser int_serializer addr [@protocol p]

let () =
  let s = socket_for int_serializer in
  let c = connect s addr in
  send c 1
