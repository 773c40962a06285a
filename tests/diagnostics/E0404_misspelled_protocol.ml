open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| echo = mu rec. !(s : string). ?(n : int) {n = String.length s}. rec |}]

let client clt =
  let s = make_client_skt string_serializer int_serializer clt [@protocol ecoh] in
  s
