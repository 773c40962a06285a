(* Each call of a helper is checked with its own arguments and with what its caller knows:
   `tell` sends a value the caller tested, `exchange`'s assert holds for both calls' values,
   and a countdown that stops before 0 sends only positive values. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| positives = mu rec. !(x : int) {x > 0}. rec |}]
[@@@protocol {| lengths = mu rec. !(w : string). ?(n : int) {n = String.length w}. rec |}]

let tell c x = send c x

let rec countdown c n =
  if n > 0 then begin
    send c n;
    countdown c (n - 1)
  end

let exchange c w expected =
  send c w;
  let n = recv c in
  assert (n = expected);
  n

let () =
  let here = makeAddress "127.0.0.1" 9001 and there = makeAddress "127.0.0.1" 9000 in
  let s = make_client_skt int_serializer int_serializer here [@protocol positives] in
  let c = connect s there in
  let k = int_of_string Sys.argv.(1) in
  if k > 0 then tell c k;
  tell c 3;
  countdown c k;
  let t = make_client_skt string_serializer int_serializer (makeAddress "127.0.0.1" 9002) [@protocol lengths] in
  let d = connect t there in
  let a = exchange d "carpe" 5 in
  let b = exchange d "diem" 4 in
  Printf.printf "%d %d\n" a b
