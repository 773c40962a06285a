(* A request made through a helper is checked against the request's refinement with the
   helper's argument: -5 is not a valid amount. *)
open Ast
open Serialization_code
open Rpc_code

[@@@protocol {| bank = mu r. !(amount : int) {amount >= 0}. ?(balance : int) {balance >= amount}. r |}]

let pay bank n = rpc_make_request bank n

let () =
  let bank = rpc_connect int_serializer int_serializer (makeAddress "127.0.0.1" 9101) (makeAddress "127.0.0.1" 9100) [@protocol bank] in
  Printf.printf "%d\n" (pay bank (-5))
