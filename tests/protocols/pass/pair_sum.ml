open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| add = !(p : int * int). ?(sum : int) {sum = fst p + snd p}. end |}]

let () =
  let s = make_server_skt int_serializer (prod_serializer int_serializer int_serializer) addr [@protocol add] in
  server_listen s;
  let c = fst (accept s) in
  let (a, b) = recv c in
  send c (a + b)
