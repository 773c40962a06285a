(* A helper that sends and returns the reply: what the reply's refinement says is known of
   the helper's result at each call. And a helper that receives the reply to what its caller
   sent: the reply's refinement speaks of the caller's message. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| lengths = mu rec. !(w : string). ?(n : int) {n = String.length w}. rec |}]

let ask c w = send c w; recv c

let expect c k =
  let n = recv c in
  assert (n = k)

let () =
  let s = make_client_skt string_serializer int_serializer (makeAddress "127.0.0.1" 9001) [@protocol lengths] in
  let c = connect s (makeAddress "127.0.0.1" 9000) in
  assert (ask c "carpe" = 5);
  let a = ask c "diem" in
  let b = ask c "diem" in
  assert (a = 4 && b = a);
  Printf.printf "%d %d\n" a b;
  send c "vale";
  expect c 4
