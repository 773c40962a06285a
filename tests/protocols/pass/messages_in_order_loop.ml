open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| count = mu rec. !(i : int) {i >= 0}. rec |}]

let rec loop c i = if i >= 0 && i < 10 then (send c i; loop c (i + 1))

let () =
  let s = make_client_skt int_serializer int_serializer addr [@protocol count] in
  loop (connect s addr) 0
