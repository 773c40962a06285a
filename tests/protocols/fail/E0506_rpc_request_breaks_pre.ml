(* A request whose amount may be negative: the protocol asks for a non-negative one. *)
open Ast
open Serialization_code
open Rpc_code

[@@@protocol {| bank = mu r. !(amount : int) {amount >= 0}. ?(balance : int). r |}]

let server_addr = makeAddress "127.0.0.1" 9100

let () =
  let bank = rpc_connect int_serializer int_serializer (makeAddress "127.0.0.1" 9101) server_addr [@protocol bank] in
  let b = rpc_make_request bank (int_of_string Sys.argv.(1) - 1) in
  Printf.printf "%d\n" b
