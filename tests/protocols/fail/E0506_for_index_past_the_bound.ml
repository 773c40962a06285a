(* A `for` index grows from 0: `5 - k` becomes negative once k passes 5. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| nat = mu rec. !(x : int) {x >= 0}. rec |}]

let () =
  let t = make_client_skt int_serializer int_serializer (makeAddress "127.0.0.1" 9002) [@protocol nat] in
  let d = connect t (makeAddress "127.0.0.1" 9000) in
  for k = 0 to int_of_string Sys.argv.(1) do send d (5 - k) done
