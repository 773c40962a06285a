(* A client that sends a string where the protocol's step carries a list. *)
open Ast
open Serialization_code
open Client_server_code
open List_code

[@@@protocol {| count = mu rec. !(xs : int alist). ?(n : int) {n = list_length xs}. rec |}]

let () =
  let s = make_client_skt string_serializer int_serializer (makeAddress "127.0.0.1" 9964) [@protocol count] in
  let c = connect s (makeAddress "127.0.0.1" 9962) in
  send c "1 2 3";
  let n = recv c in
  Printf.printf "%d\n" n
