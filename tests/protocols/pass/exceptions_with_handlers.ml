(* Exceptions inside `try`: a loop left by `raise Exit` (after answering, at the top of the
   protocol's `mu`) continues in its handler at the state where it raised, a handler of a
   failure before any send lets the sends follow, and a body that always raises is followed
   by a checked send. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| counted = mu rec. !(x : int). ?(y : int) {y = x + 1}. rec |}]
[@@@protocol {| one = !(a : int) {a > 0}. end |}]

let answer_until_zero c =
  try
    while true do
      let x = recv c in
      send c (x + 1);
      if x = 0 then raise Exit
    done
  with Exit -> print_endline "done"

let () =
  let s = make_server_skt int_serializer int_serializer (makeAddress "127.0.0.1" 9000) [@protocol counted] in
  server_listen s;
  let (c, _) = accept s in
  answer_until_zero c;
  let t = make_client_skt int_serializer int_serializer (makeAddress "127.0.0.1" 9001) [@protocol one] in
  let d = connect t (makeAddress "127.0.0.1" 9002) in
  let n = try int_of_string Sys.argv.(1) with Failure _ -> 1 in
  (try failwith "stop" with Failure _ -> ());
  send d (if n > 0 then n else 1)
