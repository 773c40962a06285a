(* flags: --deny-unproven *)
(* `x + 1 > x` is false at max_int, where `x + 1` wraps to min_int. *)
open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| num = ?(x : int). end |}]
let () =
  let s = make_client_skt int_serializer int_serializer addr [@protocol num] in
  let c = connect s addr in
  let x = recv c in
  assert (x + 1 > x)
