(* flags: --deny-unproven *)
open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| double = !(k : int). ?(v : int) {v = 2 * k}. end |}]
let () =
  let s = make_client_skt int_serializer int_serializer addr [@protocol double] in
  let c = connect s addr in
  send c 21;
  let v = recv c in
  assert (v = 41)
