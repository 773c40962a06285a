(* After Aneris's "messages in order" example: the client sends three numbers before
   reading any answer; the server echoes each, so the answers come back in order. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| in_order = !(a : int). ?(x : int) {x = a}. !(b : int). ?(y : int) {y = b}. !(c : int). ?(z : int) {z = c}. end |}]

let server srv =
  let s = make_server_skt int_serializer int_serializer srv [@protocol in_order] in
  server_listen s;
  let (c, _clt) = accept s in
  let m = recv c in
  send c m;
  let m = recv c in
  send c m;
  let m = recv c in
  send c m

let client clt srv =
  let s = make_client_skt int_serializer int_serializer clt [@protocol in_order] in
  let c = connect s srv in
  send c 1;
  send c 2;
  send c 3;
  let m1 = recv c in
  let m2 = recv c in
  let m3 = recv c in
  assert (m1 = 1 && m2 = 2 && m3 = 3)

let () =
  let srv = makeAddress "127.0.0.1" 9200 in
  if Array.length Sys.argv > 1 then server srv else client (makeAddress "127.0.0.1" 9201) srv
