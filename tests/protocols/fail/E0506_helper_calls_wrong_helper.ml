(* The helper chain computes x * x - 1 where the protocol promises x * x + 1. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| sq = mu r. !(x : int). ?(y : int) {y = x * x + 1}. r |}]

let square x = x * x
let answer x = square x - 1

let rec serve c =
  let x = recv c in
  send c (answer x);
  serve c

let () =
  let s = make_server_skt int_serializer int_serializer (makeAddress "127.0.0.1" 9000) [@protocol sq] in
  server_listen s;
  serve (fst (accept s))
