(* A function returning an RPC handle with a protocol: its callers' requests would not be
   checked, so the checker says it cannot follow it. *)
open Ast
open Serialization_code
open Rpc_code

[@@@protocol {| bank = mu r. !(amount : int) {amount >= 0}. ?(balance : int). r |}]

let open_bank () = rpc_connect int_serializer int_serializer (makeAddress "127.0.0.1" 9101) (makeAddress "127.0.0.1" 9100) [@protocol bank]

let () = Printf.printf "%d\n" (rpc_make_request (open_bank ()) (-1))
