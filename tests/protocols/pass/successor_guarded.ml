(* The successor of a received int is greater than it only below max_int, where `k + 1`
   wraps to min_int: the server answers the others and refuses max_int. *)
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
  if k < max_int then send c (k + 1) else failwith "max_int has no successor"
