(* A well-typed program with a protocol: accepted, with a note that protocols are not yet checked. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| echo = mu rec. !(s : string). ?(n : int) {n = String.length s}. rec |}]

let rec echo_loop c =
  let req = recv c in
  send c (String.length req);
  echo_loop c

let server srv =
  let s = make_server_skt int_serializer string_serializer srv [@protocol echo] in
  server_listen s;
  let rec loop () =
    let c = fst (accept s) in
    fork echo_loop c;
    loop ()
  in
  loop ()

let () = server (makeAddress "127.0.0.1" 9000)
