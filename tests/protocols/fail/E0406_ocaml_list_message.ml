(* A protocol step typed with OCaml's list: no serializer produces it (list_serializer
   gives Aneris's alist). *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| count = mu rec. !(xs : int list). ?(n : int) {n = List.length xs}. rec |}]

let () =
  let s = make_client_skt (list_serializer int_serializer) int_serializer (makeAddress "127.0.0.1" 9965) [@protocol count] in
  let c = connect s (makeAddress "127.0.0.1" 9962) in
  send c (List_code.list_cons 1 List_code.list_nil);
  Printf.printf "%d\n" (recv c)
