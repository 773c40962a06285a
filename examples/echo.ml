(* echo.ml: a reliable-channel service that answers each word with its length.

   The protocol `echo` below is written from the client's side: the client sends a word,
   then receives a number that must be that word's length; then it may start again.
   `anerisc check` proves that the server's answers meet the refinement
   {n = String.length s} and that the client's asserts follow from it.

   Run (two terminals):
     anerisc run examples/echo.ml -- server 127.0.0.1 9000
     anerisc run examples/echo.ml -- client 127.0.0.1 9001 127.0.0.1 9000 carpe diem
   The client prints the lengths on one line: "5 4". *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| echo = mu rec. !(s : string). ?(n : int) {n = String.length s}. rec |}]

(* The server's side of one connection: answer every word, for as long as the client
   keeps sending. *)
let rec answer chan =
  let word = recv chan in
  send chan (strlen word);
  answer chan

(* Each accepted connection gets a thread of its own. *)
let rec serve_forever skt =
  let (chan, _client) = accept skt in
  fork answer chan;
  serve_forever skt

let server here =
  let skt = make_server_skt int_serializer string_serializer here [@protocol echo] in
  server_listen skt;
  serve_forever skt

(* The client's side: words go two at a time. The second word is sent before the first
   answer has come back (sends never block), so after the two sends the channel owes two
   receives; the protocol's refinement then proves the assert. *)
let rec lengths chan words =
  match words with
  | [] -> []
  | [w] ->
    send chan w;
    let n = recv chan in
    assert (n = strlen w);
    [n]
  | w1 :: w2 :: rest ->
    send chan w1;
    send chan w2;
    let n1 = recv chan in
    let n2 = recv chan in
    assert (n1 = strlen w1 && n2 = strlen w2);
    n1 :: n2 :: lengths chan rest

let client here there words =
  let skt = make_client_skt string_serializer int_serializer here [@protocol echo] in
  let chan = connect skt there in
  let ns = lengths chan words in
  print_endline (String.concat " " (List.map string_of_int ns))

let usage () =
  prerr_endline "usage: echo server IP PORT";
  prerr_endline "       echo client IP PORT SERVER_IP SERVER_PORT WORD...";
  exit 2

let () =
  let args = Array.to_list Sys.argv in
  let address ip port = makeAddress ip (int_of_string port) in
  match args with
  | _ :: "server" :: ip :: port :: [] -> server (address ip port)
  | _ :: "client" :: ip :: port :: sip :: sport :: words -> client (address ip port) (address sip sport) words
  | _ -> usage ()
