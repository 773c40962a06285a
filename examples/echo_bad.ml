(* echo_bad.ml: the server of echo.ml with a bug that `anerisc check` rejects.

   The server answers the length of the word *with a newline appended*, which is one more
   than the protocol's refinement {n = String.length s} allows. The checker reports E0506 at
   the send, names the protocol step that declares the refinement, and gives a
   counterexample. `anerisc build` refuses to compile the program.

     anerisc check examples/echo_bad.ml      (exit status 1) *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| echo = mu rec. !(s : string). ?(n : int) {n = String.length s}. rec |}]

let rec answer chan =
  let word = recv chan in
  send chan (strlen (word ^ "\n"));
  answer chan

let () =
  let skt = make_server_skt int_serializer string_serializer (makeAddress "127.0.0.1" 9000) [@protocol echo] in
  server_listen skt;
  let rec serve_forever () =
    let (chan, _client) = accept skt in
    fork answer chan;
    serve_forever ()
  in
  serve_forever ()
