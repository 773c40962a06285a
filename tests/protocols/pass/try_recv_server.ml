open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| echo = mu rec. !(s : string). ?(n : int) {n = String.length s}. rec |}]

let rec poll c =
  match try_recv c with
  | Some req -> send c (String.length req); poll c
  | None -> poll c

let () =
  let s = make_server_skt int_serializer string_serializer addr [@protocol echo] in
  server_listen s;
  poll (fst (accept s))
