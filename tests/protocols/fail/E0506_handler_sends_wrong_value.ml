(* A helper that may raise (`int_of_string`) inside the `try`: its handler is checked too. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| one = !(a : int) {a > 0}. end |}]

let () =
  let s = make_client_skt int_serializer int_serializer (makeAddress "127.0.0.1" 9001) [@protocol one] in
  let c = connect s (makeAddress "127.0.0.1" 9000) in
  try
    let n = int_of_string Sys.argv.(1) in
    send c (if n > 0 then n else 1)
  with Failure _ -> send c (-1)
