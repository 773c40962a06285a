(* A recursion that counts down and sends every value, 0 included: a recursive call is
   checked for every value it may be given, not only for the first call's. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| positives = mu rec. !(x : int) {x > 0}. rec |}]

let rec countdown c n =
  send c n;
  if n > 0 then countdown c (n - 1)

let () =
  let s = make_client_skt int_serializer int_serializer (makeAddress "127.0.0.1" 9001) [@protocol positives] in
  countdown (connect s (makeAddress "127.0.0.1" 9000)) 3
