open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| double = !(k : int). ?(v : int) {v = 2 * k}. end |}]

let server () =
  let s = make_server_skt int_serializer int_serializer addr [@protocol double] in
  server_listen s;
  let c = fst (accept s) in
  let k = recv c in
  send c (2 * k)

let client () =
  let s = make_client_skt int_serializer int_serializer addr [@protocol double] in
  let c = connect s addr in
  send c 21;
  let v = recv c in
  assert (v = 42)

let () = if Array.length Sys.argv > 1 then server () else client ()
