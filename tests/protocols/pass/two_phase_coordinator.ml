open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| tpc = !(txn : int). ?(vote : int) {vote = 0 || vote = 1}. !(decision : int) {decision = 0 || vote = 1}. end |}]

let () =
  let s = make_client_skt int_serializer int_serializer addr [@protocol tpc] in
  let c = connect s addr in
  send c 7;
  let v = recv c in
  send c (if v = 1 then 1 else 0)
