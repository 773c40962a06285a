(* The `try` body always raises: the handler and what follows still run, and are checked. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| one = !(a : int) {a = 1}. end |}]

let () =
  let s = make_client_skt int_serializer int_serializer (makeAddress "127.0.0.1" 9001) [@protocol one] in
  let c = connect s (makeAddress "127.0.0.1" 9000) in
  (try failwith "stop" with Failure _ -> ());
  send c 0
