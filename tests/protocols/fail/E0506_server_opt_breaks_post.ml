(* A run_server_opt handler whose answer breaks the reply's refinement on one branch:
   negative requests are echoed instead of clamped to zero. *)
open Ast
open Serialization_code
open Mt_server_code

[@@@protocol {| clamp = mu r. !(x : int). ?(y : int) {y >= 0 && (x < 0 || y = x)}. r |}]

let clamp (req : int option) =
  match req with
  | None -> None
  | Some x when x < 0 -> Some x
  | Some x -> Some x

let () = run_server_opt int_serializer int_serializer (makeAddress "127.0.0.1" 9954) clamp [@protocol clamp]
