open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| ping = mu rec. !(x : int). ?(y : int) {y = x + 1}. rec |}]

let rec ping c n = send c n; pong c
and pong c = let y = recv c in ping c y

let () =
  let s = make_client_skt int_serializer int_serializer addr [@protocol ping] in
  ping (connect s addr) 0
