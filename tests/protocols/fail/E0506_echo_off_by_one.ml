open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| echo = mu rec. !(s : string). ?(n : int) {n = String.length s}. rec |}]

let rec echo_loop c =
  let req = recv c in
  send c (String.length req + 1);
  echo_loop c

let () =
  let s = make_server_skt int_serializer string_serializer addr [@protocol echo] in
  server_listen s;
  fork echo_loop (fst (accept s))
