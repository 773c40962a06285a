(* `tell` is called twice at the same protocol state: with 3, which meets the refinement,
   and with 0, which does not. Each call is checked with its own argument. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| positives = mu rec. !(x : int) {x > 0}. rec |}]

let tell c x = send c x

let () =
  let s = make_client_skt int_serializer int_serializer (makeAddress "127.0.0.1" 9001) [@protocol positives] in
  let c = connect s (makeAddress "127.0.0.1" 9000) in
  tell c 3;
  tell c 0
