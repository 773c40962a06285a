open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

let () =
  let s = make_client_skt int_serializer int_serializer addr in
  let c = connect s addr in
  send c 1;
  print_int (recv c)
