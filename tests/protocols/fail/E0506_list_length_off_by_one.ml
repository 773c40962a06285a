(* A server that answers one less than the length of the list it received. *)
open Ast
open Serialization_code
open Client_server_code
open List_code

[@@@protocol {| count = mu rec. !(xs : int alist). ?(n : int) {n = list_length xs}. rec |}]

let rec serve c =
  let xs = recv c in
  send c (list_length xs - 1);
  serve c

let () =
  let s = make_server_skt int_serializer (list_serializer int_serializer) (makeAddress "127.0.0.1" 9962) [@protocol count] in
  server_listen s;
  let (c, _) = accept s in
  serve c
