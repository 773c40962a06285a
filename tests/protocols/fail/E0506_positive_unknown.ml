open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| pos = !(x : int) {x > 0}. end |}]

let go c n = send c n

let () =
  let s = make_client_skt int_serializer int_serializer addr [@protocol pos] in
  go (connect s addr) (int_of_string Sys.argv.(1))
