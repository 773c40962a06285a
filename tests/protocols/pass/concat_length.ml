open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| shout = !(s : string). ?(t : string) {String.length t = String.length s + 1}. end |}]

let () =
  let s = make_server_skt string_serializer string_serializer addr [@protocol shout] in
  server_listen s;
  let c = fst (accept s) in
  let m = recv c in
  send c (m ^ "!")
