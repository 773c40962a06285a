open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| pq = mu rec. !(x : int). ?(y : int). rec |}]
let () =
  let s = make_client_skt int_serializer int_serializer addr [@protocol pq] in
  let c = connect s addr in
  let p = (c, 1) in
  send (fst p) (snd p);
  ignore (recv (fst p))
