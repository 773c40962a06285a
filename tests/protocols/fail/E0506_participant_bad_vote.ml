open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| tpc = !(txn : int). ?(vote : int) {vote = 0 || vote = 1}. !(decision : int) {decision = 0 || vote = 1}. end |}]
let () =
  let s = make_server_skt int_serializer int_serializer addr [@protocol tpc] in
  server_listen s;
  let c = fst (accept s) in
  let txn = recv c in
  send c txn;
  ignore (recv c)
