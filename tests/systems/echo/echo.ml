(* Echo service: each client sends its words over a reliable channel, the server answers
   every word with its length, the client prints each word with the answer.
   Nodes:  echo server IP PORT
           echo client IP PORT SERVER_IP SERVER_PORT WORD... *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| lengths = mu rec. !(w : string). ?(n : int) {n = String.length w}. rec |}]

let rec answer c =
  let w = recv c in
  send c (String.length w);
  answer c

let rec serve skt =
  let (c, _) = accept skt in
  fork answer c;
  serve skt

let server here =
  let skt = make_server_skt int_serializer string_serializer here [@protocol lengths] in
  server_listen skt;
  serve skt

let rec ask c words =
  match words with
  | [] -> ()
  | w :: rest ->
    send c w;
    let n = recv c in
    assert (n = String.length w);
    Printf.printf "%s %d\n" w n;
    ask c rest

let client here there words =
  let skt = make_client_skt string_serializer int_serializer here [@protocol lengths] in
  let c = connect skt there in
  ask c words;
  print_endline "done"

let () =
  let arg i = Sys.argv.(i) in
  let addr i = makeAddress (arg i) (int_of_string (arg (i + 1))) in
  let rec words i = if i < Array.length Sys.argv then arg i :: words (i + 1) else [] in
  match arg 1 with
  | "server" -> server (addr 2)
  | "client" -> client (addr 2) (addr 4) (words 6)
  | role -> failwith ("unknown role " ^ role)
