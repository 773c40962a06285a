(* A run_server_opt handler that sends a reply when it is only told that no request came:
   the client never asked for it. *)
open Ast
open Serialization_code

[@@@protocol {| next = mu r. !(k : int). ?(v : int) {v = k + 1}. r |}]

let successor = function
  | Some k -> Some (k + 1)
  | None -> Some 0

let () = Mt_server_code.run_server_opt int_serializer int_serializer (makeAddress "127.0.0.1" 9953) successor [@protocol next]
