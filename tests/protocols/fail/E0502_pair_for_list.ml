(* A client whose serializer sends pairs where the protocol's step carries a list: the
   socket's type, not only the values sent, must agree with the protocol. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| count = mu rec. !(xs : int alist). ?(n : int). rec |}]

let pairs = prod_serializer int_serializer int_serializer

let () =
  let s = make_client_skt pairs int_serializer (makeAddress "127.0.0.1" 9961) [@protocol count] in
  let c = connect s (makeAddress "127.0.0.1" 9960) in
  send c (1, 2);
  let n = recv c in
  Printf.printf "%d\n" n
