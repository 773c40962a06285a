open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| echo = mu rec. !(s : string). ?(n : int) {n = String.length s}. rec |}]

let () =
  let s = make_client_skt string_serializer int_serializer addr [@protocol echo] in
  let c = connect s addr in
  for _i = 1 to 3 do
    send c "round";
    let n = recv c in
    print_int n
  done
