open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| pq = mu rec. !(x : int). ?(y : int). rec |}]

let rec ping c = send c 1; pong c
and pong c = ping c

let () =
  let s = make_client_skt int_serializer int_serializer addr [@protocol pq] in
  ping (connect s addr)
