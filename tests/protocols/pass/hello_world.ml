open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| hello = !(msg : string) {String.length msg > 0}. end |}]

let () =
  let s = make_client_skt string_serializer string_serializer addr [@protocol hello] in
  let c = connect s addr in
  send c "Hello, world"
