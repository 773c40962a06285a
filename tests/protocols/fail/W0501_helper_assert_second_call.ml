(* flags: --deny-unproven *)
(* The helper's assert holds for the first call's values only: it is checked for each call. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| lengths = mu rec. !(w : string). ?(n : int) {n = String.length w}. rec |}]

let exchange c w expected =
  send c w;
  let n = recv c in
  assert (n = expected);
  n

let () =
  let s = make_client_skt string_serializer int_serializer (makeAddress "127.0.0.1" 9001) [@protocol lengths] in
  let c = connect s (makeAddress "127.0.0.1" 9000) in
  let a = exchange c "carpe" 5 in
  let b = exchange c "diem" 5 in
  Printf.printf "%d %d\n" a b
