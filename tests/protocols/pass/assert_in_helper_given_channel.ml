(* The helper `exchange` is defined before the function that makes its channel: the checker
   reaches it through its caller, so its assert is proven from the protocol's promise
   rather than left unproven with an unknown argument. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| lengths = mu rec. !(w : string). ?(n : int) {n = String.length w}. rec |}]

let exchange c w =
  send c w;
  let n = recv c in
  assert (n = String.length w);
  n

let client here there =
  let skt = make_client_skt string_serializer int_serializer here [@protocol lengths] in
  let c = connect skt there in
  let a = exchange c "carpe" in
  let b = exchange c "diem" in
  Printf.printf "%d %d\n" a b

let () = client (makeAddress "127.0.0.1" 9001) (makeAddress "127.0.0.1" 9000)
