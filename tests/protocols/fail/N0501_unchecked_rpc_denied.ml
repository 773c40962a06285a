(* flags: --deny-unchecked *)
(* An RPC server without a protocol, with unchecked endpoints denied. *)
open Ast
open Serialization_code
open Rpc_code

let () = rpc_start int_serializer int_serializer (makeAddress "127.0.0.1" 9800) (fun k -> k * 2)
