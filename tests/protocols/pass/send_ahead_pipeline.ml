open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| echo = mu rec. !(s : string). ?(n : int) {n = String.length s}. rec |}]

let () =
  let s = make_client_skt string_serializer int_serializer addr [@protocol echo] in
  let c = connect s addr in
  send c "a"; send c "bb"; send c "ccc";
  let x = recv c in
  let y = recv c in
  let z = recv c in
  assert (x + y + z = 6)
