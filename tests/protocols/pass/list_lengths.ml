(* Lists as messages (Aneris's alist, made by list_serializer): the client sends a list of
   words that is never empty, the server answers with its length. The server's reply is
   proven from the received list; the client's assert from the reply's refinement and the
   list it built.
   Run:  ./list_lengths server      then      ./list_lengths      prints "3" *)
open Ast
open Serialization_code
open Client_server_code
open List_code

[@@@protocol {| count = mu rec. !(xs : string alist) {list_length xs > 0}. ?(n : int) {n = list_length xs}. rec |}]

let words = list_serializer string_serializer
let srv = makeAddress "127.0.0.1" 9960

let rec serve c =
  let xs = recv c in
  send c (list_length xs);
  serve c

let server () =
  let s = make_server_skt int_serializer words srv [@protocol count] in
  server_listen s;
  let (c, _) = accept s in
  serve c

let client () =
  let s = make_client_skt words int_serializer (makeAddress "127.0.0.1" 9961) [@protocol count] in
  let c = connect s srv in
  send c (list_cons "carpe" (list_cons "diem" (list_cons "!" list_nil)));
  let n = recv c in
  assert (n = 3);
  Printf.printf "%d\n" n

let () = if Array.length Sys.argv > 1 then server () else client ()
