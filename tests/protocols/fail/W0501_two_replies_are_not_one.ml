(* flags: --deny-unproven *)
(* What a helper returns is known at its call (the reply's refinement), but two calls give
   two replies: their values are not conflated. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| lengths = mu rec. !(w : string). ?(n : int) {n = String.length w}. rec |}]

let ask c w = send c w; recv c

let () =
  let s = make_client_skt string_serializer int_serializer (makeAddress "127.0.0.1" 9001) [@protocol lengths] in
  let c = connect s (makeAddress "127.0.0.1" 9000) in
  let a = ask c "carpe" in
  let b = ask c "diem" in
  assert (a = b)
