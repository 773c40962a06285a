(* An RPC endpoint whose protocol is not a request/reply loop. *)
open Ast
open Serialization_code
open Rpc_code

[@@@protocol {| once = !(k : int). ?(v : int). end |}]

let () = rpc_start int_serializer int_serializer (makeAddress "127.0.0.1" 9700) (fun k -> k + 1) [@protocol once]
