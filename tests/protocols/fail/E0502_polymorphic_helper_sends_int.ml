(* The socket is made in a function polymorphic in its serializers and its message, so the
   frontend cannot compare the protocol's step type with them; the send of an int where the
   protocol says string is found on the IR, at the call that makes the function's types
   concrete. *)
open Ast
open Serialization_code
open Client_server_code

let addr = makeAddress "127.0.0.1" 9000

[@@@protocol {| p = !(x : string). end |}]

let send_once (ser : 'a serializer) (deser : 'b serializer) (v : 'a) =
  let s = make_client_skt ser deser addr [@protocol p] in
  let c = connect s addr in
  send c v

let () = send_once int_serializer int_serializer 1
