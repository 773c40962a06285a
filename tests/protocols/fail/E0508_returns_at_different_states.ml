open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| pq = mu rec. !(x : int). ?(y : int). rec |}]

let step c b = if b then send c 1 else ()

let () =
  let s = make_client_skt int_serializer int_serializer addr [@protocol pq] in
  let c = connect s addr in
  step c true;
  ignore (recv c)
