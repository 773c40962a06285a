(* RPC requests made through a helper and through a closure given to `List.iter`: each is
   checked against the request's refinement with what its caller knows, and the helper's
   assert is proven from the reply's refinement. *)
open Ast
open Serialization_code
open Rpc_code

[@@@protocol {| bank = mu r. !(amount : int) {amount >= 0}. ?(balance : int) {balance >= amount}. r |}]

let pay bank n =
  let balance = rpc_make_request bank n in
  assert (balance >= n);
  balance

let () =
  let bank = rpc_connect int_serializer int_serializer (makeAddress "127.0.0.1" 9101) (makeAddress "127.0.0.1" 9100) [@protocol bank] in
  Printf.printf "%d\n" (pay bank 10);
  List.iter (fun n -> if n >= 0 then Printf.printf "%d\n" (pay bank n)) [10; 32]
