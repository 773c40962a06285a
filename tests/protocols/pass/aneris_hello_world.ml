(* After Aneris's hello world over reliable channels: the client greets, the server reads
   the greeting, which the protocol promises is not empty. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| greeting = !(msg : string) {String.length msg > 0}. end |}]

let server srv =
  let s = make_server_skt string_serializer string_serializer srv [@protocol greeting] in
  server_listen s;
  let (c, _from) = accept s in
  let msg = recv c in
  assert (String.length msg > 0);
  print_endline msg

let client clt srv =
  let s = make_client_skt string_serializer string_serializer clt [@protocol greeting] in
  let c = connect s srv in
  send c ("Hello" ^ ", world")

let () =
  let srv = makeAddress "127.0.0.1" 9400 in
  if Array.length Sys.argv > 1 then server srv else client (makeAddress "127.0.0.1" 9401) srv
