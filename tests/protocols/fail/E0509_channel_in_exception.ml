(* A channel carried by an exception: the handler's use of it could not be checked. *)
open Ast
open Serialization_code
open Client_server_code

exception Found of (int, int) chan_descr

[@@@protocol {| pos = !(x : int) {x > 0}. end |}]

let () =
  let s = make_client_skt int_serializer int_serializer (makeAddress "127.0.0.1" 9001) [@protocol pos] in
  let c = connect s (makeAddress "127.0.0.1" 9000) in
  try raise (Found c) with Found d -> send d 0
