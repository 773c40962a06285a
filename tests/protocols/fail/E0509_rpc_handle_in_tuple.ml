(* An RPC handle put in a tuple: the checker cannot follow it into the data structure, so it
   says so instead of leaving the requests made through it unchecked. *)
open Ast
open Serialization_code
open Rpc_code

[@@@protocol {| bank = mu r. !(amount : int) {amount >= 0}. ?(balance : int). r |}]

let () =
  let bank = rpc_connect int_serializer int_serializer (makeAddress "127.0.0.1" 9101) (makeAddress "127.0.0.1" 9100) [@protocol bank] in
  let pair = (bank, 1) in
  Printf.printf "%d\n" (rpc_make_request (fst pair) (-1))
