open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| p = !(x : string). end |}]
let () =
  let s = make_client_skt int_serializer int_serializer addr [@protocol p] in
  let c = connect s addr in
  send c 1
