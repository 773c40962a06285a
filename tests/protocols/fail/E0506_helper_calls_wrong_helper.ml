(* The protocol wants an odd number; the helper chain computes 2x + 2, which is even. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| odd = !(n : int) {n mod 2 = 1}. end |}]

let twice x = x + x
let next_even x = twice x + 2

let () =
  let s = make_client_skt int_serializer int_serializer (makeAddress "127.0.0.1" 9001) [@protocol odd] in
  let c = connect s (makeAddress "127.0.0.1" 9000) in
  send c (next_even (int_of_string Sys.argv.(1)))
