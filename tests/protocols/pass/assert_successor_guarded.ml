(* `x + 1 > x` holds for every int below max_int (at max_int, `x + 1` wraps to min_int). *)
open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| num = ?(x : int). end |}]
let () =
  let s = make_client_skt int_serializer int_serializer addr [@protocol num] in
  let c = connect s addr in
  let x = recv c in
  if x < max_int then assert (x + 1 > x)
