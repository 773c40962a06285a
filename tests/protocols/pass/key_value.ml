open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| kv = mu rec. !(k : string). ?(v : int option) {match v with Some x -> x >= 0 | None -> true}. rec |}]

let lookup k = String.length k - 3

let rec serve c =
  let k = recv c in
  let n = lookup k in
  send c (if n >= 0 then Some n else None);
  serve c

let () =
  let s = make_server_skt (option_serializer int_serializer) string_serializer addr [@protocol kv] in
  server_listen s;
  let rec loop () = let c = fst (accept s) in fork serve c; loop () in
  loop ()
