(* Requests made by a closure given to `List.iter`: the closure is walked for every element
   the list may hold, and nothing says they are valid amounts. *)
open Ast
open Serialization_code
open Rpc_code

[@@@protocol {| bank = mu r. !(amount : int) {amount >= 0}. ?(balance : int) {balance >= amount}. r |}]

let () =
  let bank = rpc_connect int_serializer int_serializer (makeAddress "127.0.0.1" 9101) (makeAddress "127.0.0.1" 9100) [@protocol bank] in
  List.iter (fun n -> Printf.printf "%d\n" (rpc_make_request bank n)) [10; -2]
