open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| choice = !(req : (int, string) Ast.sumTy). ?(n : int) {match req with Ast.InjL x -> n = x + 1 | Ast.InjR s -> n = String.length s}. end |}]

let () =
  let s = make_server_skt int_serializer (sum_serializer int_serializer string_serializer) addr [@protocol choice] in
  server_listen s;
  let c = fst (accept s) in
  match recv c with
  | InjL x -> send c (x + 1)
  | InjR str -> send c (String.length str)
