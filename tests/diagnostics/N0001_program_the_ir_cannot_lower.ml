(* The protocol is validated, but the session checker runs on the IR, and this program uses
   a construct the IR lowering does not support yet (a recursive value that is not a
   function), so its channels are not checked: a note says so. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| counter = mu rec. !(k : int). ?(n : int) {n = k + 1}. rec |}]

let rec ones = 1 :: ones

let client clt srv =
  let s = make_client_skt int_serializer int_serializer clt [@protocol counter] in
  let c = connect s srv in
  send c (List.hd ones);
  recv c
