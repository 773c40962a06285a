(* The `try` body may raise before its send: the handler then continues at the state before
   that send, while the normal path continues after it, and the second send would be taken
   for the first. The paths after the `try` join at different protocol states. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| two = !(a : int) {a = 1}. !(b : int) {b = 2}. end |}]

let () =
  let s = make_client_skt int_serializer int_serializer (makeAddress "127.0.0.1" 9001) [@protocol two] in
  let c = connect s (makeAddress "127.0.0.1" 9000) in
  let skip = Array.length Sys.argv > 1 in
  (try
     if skip then raise Exit;
     send c 1
   with Exit -> ());
  send c 2
