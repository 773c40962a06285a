(* After Aneris's simple RPC example: an arithmetic server over Mt_server_code whose
   protocol promises the sum of the pair it is sent. *)
open Ast
open Serialization_code
open Mt_server_code

[@@@protocol {| adder = mu r. !(q : int * int). ?(s : int) {s = fst q + snd q}. r |}]

let pair_s = prod_serializer int_serializer int_serializer

let server srv = run_server int_serializer pair_s srv (fun (a, b) -> a + b) [@protocol adder]

let client clt srv =
  let proxy = init_client_proxy pair_s int_serializer clt srv [@protocol adder] in
  let x = make_request proxy (54, 28) in
  let y = make_request proxy (1, 3) in
  assert (x = 82 && y = 4);
  Printf.printf "%d %d\n" x y

let () =
  let srv = makeAddress "127.0.0.1" 1101 in
  if Array.length Sys.argv > 1 then server srv else client (makeAddress "127.0.0.1" 1100) srv
