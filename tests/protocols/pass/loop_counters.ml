(* Counters of loops: a `for` index, a `ref` only incremented in a `while` loop, and a
   recursion-free countdown: each stays on its side of the value it started from, which
   the refinements need. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| pos = mu rec. !(x : int) {x >= 1}. rec |}]
[@@@protocol {| nat = mu rec. !(x : int) {x >= 0}. rec |}]

let () =
  let s = make_client_skt int_serializer int_serializer (makeAddress "127.0.0.1" 9001) [@protocol pos] in
  let c = connect s (makeAddress "127.0.0.1" 9000) in
  let n = int_of_string Sys.argv.(1) in
  for i = 1 to n do send c i done;
  let t = make_client_skt int_serializer int_serializer (makeAddress "127.0.0.1" 9002) [@protocol nat] in
  let d = connect t (makeAddress "127.0.0.1" 9000) in
  let i = ref 0 in
  while !i < n do
    send d !i;
    incr i
  done;
  let left = ref 10 in
  while !left > 0 do
    send d (10 - !left);
    decr left
  done
