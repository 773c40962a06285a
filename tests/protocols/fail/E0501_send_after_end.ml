open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| once = !(x : int). end |}]
let () =
  let s = make_client_skt int_serializer int_serializer addr [@protocol once] in
  let c = connect s addr in
  send c 1;
  send c 2
