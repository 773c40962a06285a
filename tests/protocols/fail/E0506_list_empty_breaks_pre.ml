(* A client that sends the empty list where the protocol wants a list that is not empty. *)
open Ast
open Serialization_code
open Client_server_code
open List_code

[@@@protocol {| count = mu rec. !(xs : int alist) {list_length xs > 0}. ?(n : int) {n = list_length xs}. rec |}]

let () =
  let s = make_client_skt (list_serializer int_serializer) int_serializer (makeAddress "127.0.0.1" 9963) [@protocol count] in
  let c = connect s (makeAddress "127.0.0.1" 9962) in
  send c list_nil;
  let n = recv c in
  Printf.printf "%d\n" n
