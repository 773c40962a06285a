(* After Aneris's "messages in order" example with a loop: the server forks a thread that
   accepts forever and serves each connection on a thread of its own, answering each string
   with its length; the client asks about a growing word, one round at a time. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| lengths = mu rec. !(s : string). ?(n : int) {n = String.length s}. rec |}]

let rec serve c =
  let word = recv c in
  let n = String.length word in
  send c n;
  serve c

let server srv =
  let s = make_server_skt int_serializer string_serializer srv [@protocol lengths] in
  server_listen s;
  fork (fun s -> let rec go () = fork serve (fst (accept s)); go () in go ()) s

let rec ask c word rounds =
  if rounds > 0 then begin
    send c word;
    let n = recv c in
    assert (n = String.length word);
    ask c (word ^ "!") (rounds - 1)
  end

let () =
  let srv = makeAddress "127.0.0.1" 9300 in
  if Array.length Sys.argv > 1 then server srv
  else begin
    let s = make_client_skt string_serializer int_serializer (makeAddress "127.0.0.1" 9301) [@protocol lengths] in
    ask (connect s srv) "carpe" 3
  end
