open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| pq = mu rec. !(x : int). ?(y : int). rec |}]

let handle c = let x = recv c in print_int x

let () =
  let s = make_server_skt int_serializer int_serializer addr [@protocol pq] in
  server_listen s;
  fork handle (fst (accept s))
