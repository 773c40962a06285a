(* ocaml-flags: -rectypes *)
(* Composing Aneris serializers for protocol messages. *)
open Ast
open List_code
open Serialization_code

type request = Get of string | Put of string * int

let kv_serializer = prod_serializer string_serializer int_serializer

let request_serializer =
  let inner = sum_serializer string_serializer kv_serializer in
  {
    s_ser = (fun r -> inner.s_ser (match r with Get k -> InjL k | Put (k, v) -> InjR (k, v)));
    s_deser = (fun s -> match inner.s_deser s with InjL k -> Get k | InjR (k, v) -> Put (k, v));
  }

let reply_serializer = option_serializer int_serializer
let batch_serializer = list_serializer request_serializer
let peers_serializer = list_serializer saddr_serializer

let roundtrip ser v = ser.s_deser (ser.s_ser v)

let batch = list_cons (Put ("x", 1)) (list_cons (Get "x") list_nil)

let () =
  print_endline (request_serializer.s_ser (Put ("key", 42)));
  print_endline (reply_serializer.s_ser (Some 7));
  assert (roundtrip request_serializer (Get "k") = Get "k");
  assert (list_length (roundtrip batch_serializer batch) = 2);
  assert (roundtrip bool_serializer true && roundtrip unit_serializer () = ())
