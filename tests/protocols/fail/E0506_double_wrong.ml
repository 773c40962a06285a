open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| double = !(k : int). ?(v : int) {v = 2 * k}. end |}]
let () =
  let s = make_server_skt int_serializer int_serializer addr [@protocol double] in
  server_listen s;
  let c = fst (accept s) in
  let k = recv c in
  send c (k + 2)
