(* A bank server over RPC: a request is an amount to deposit (never negative), the reply
   the new balance (never below the amount just deposited). The balance stops at max_int:
   a sum past it would wrap to a negative int. *)
open Ast
open Serialization_code
open Rpc_code

[@@@protocol {| bank = mu r. !(amount : int) {amount >= 0}. ?(balance : int) {balance >= amount}. r |}]

let addr = makeAddress "127.0.0.1" 9100
let me = makeAddress "127.0.0.1" 9101

let total = ref 0

let deposit amount =
  let before = !total in
  let after = if before < 0 then amount else if before > max_int - amount then max_int else before + amount in
  total := after;
  after

let server () = rpc_start int_serializer int_serializer addr deposit [@protocol bank]

let client () =
  let bank = rpc_connect int_serializer int_serializer me addr [@protocol bank] in
  let b1 = rpc_make_request bank 10 in
  let b2 = rpc_make_request bank 32 in
  assert (b1 >= 10 && b2 >= 32);
  Printf.printf "%d %d\n" b1 b2

let () = if Array.length Sys.argv > 1 then server () else client ()
