(* A run_server_opt handler that declines large requests: the client of such a request
   waits for a reply forever, and the server's next receive comes where a reply is due. *)
open Ast
open Serialization_code
open Mt_server_code

[@@@protocol {| double = mu r. !(k : int). ?(v : int) {v = 2 * k}. r |}]

let handle (req : int option) : int option =
  match req with
  | Some k -> if k > 1000 then None else Some (2 * k)
  | None -> None

let () = run_server_opt int_serializer int_serializer (makeAddress "127.0.0.1" 9952) handle [@protocol double]
