(* The protocol's requests are strings, the proxy sends ints. *)
open Ast
open Serialization_code
open Mt_server_code

[@@@protocol {| lookup = mu r. !(key : string). ?(found : bool). r |}]

let () =
  let proxy = init_client_proxy int_serializer bool_serializer (makeAddress "127.0.0.1" 9601) (makeAddress "127.0.0.1" 9600) [@protocol lookup] in
  if make_request proxy 42 then print_endline "found"
