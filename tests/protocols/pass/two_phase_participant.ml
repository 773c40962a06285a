open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| tpc = !(txn : int). ?(vote : int) {vote = 0 || vote = 1}. !(decision : int) {decision = 0 || vote = 1}. end |}]

let participate c =
  let txn = recv c in
  send c (if txn > 0 then 1 else 0);
  let d = recv c in
  if d = 1 then print_endline "commit" else print_endline "abort"

let () =
  let s = make_server_skt int_serializer int_serializer addr [@protocol tpc] in
  server_listen s;
  let c = fst (accept s) in
  participate c
