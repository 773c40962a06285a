(* A doubling server whose handler is off by one on one branch. *)
open Ast
open Serialization_code
open Rpc_code

[@@@protocol {| double = mu r. !(k : int). ?(v : int) {v = 2 * k}. r |}]

let handle k =
  if k > 100 then k + k + 1
  else 2 * k

let () = rpc_start int_serializer int_serializer (makeAddress "127.0.0.1" 9500) handle [@protocol double]
