open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| kv = !(k : string). ?(v : int option) {match v with Some x -> x >= 0 | None -> true}. end |}]
let () =
  let s = make_server_skt (option_serializer int_serializer) string_serializer addr [@protocol kv] in
  server_listen s;
  let c = fst (accept s) in
  let k = recv c in
  send c (Some (String.length k - 1))
