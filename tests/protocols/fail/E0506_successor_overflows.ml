(* The successor of the largest int is the smallest: `k + 1` wraps at max_int, so it is not
   always greater than k. *)
open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| succ = !(k : int). ?(v : int) {v > k}. end |}]
let () =
  let s = make_server_skt int_serializer int_serializer addr [@protocol succ] in
  server_listen s;
  let c = fst (accept s) in
  let k = recv c in
  send c (k + 1)
