(* A `try_recv` whose result is thrown away may have taken a request that is never
   answered: the checker cannot tell where the conversation is, and says so. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| echo = mu rec. !(s : string). ?(n : int) {n = String.length s}. rec |}]

let () =
  let skt = make_server_skt int_serializer string_serializer (makeAddress "127.0.0.1" 9000) [@protocol echo] in
  server_listen skt;
  let (c, _) = accept skt in
  ignore (try_recv c);
  let s = recv c in
  send c (String.length s)
