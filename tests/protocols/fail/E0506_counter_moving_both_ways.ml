(* A counter incremented and decremented in its loop has no bound: it may go below 0. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| nat = mu rec. !(x : int) {x >= 0}. rec |}]

let () =
  let t = make_client_skt int_serializer int_serializer (makeAddress "127.0.0.1" 9002) [@protocol nat] in
  let d = connect t (makeAddress "127.0.0.1" 9000) in
  let i = ref 0 in
  while Array.length Sys.argv > 1 do
    send d !i;
    if !i > 3 then decr i else incr i;
    decr i
  done
