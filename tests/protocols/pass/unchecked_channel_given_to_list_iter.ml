(* A socket without a protocol is unchecked: its channel may be given to any function. *)
open Ast
open Serialization_code
open Client_server_code

let run_client addr srv words =
  let skt = make_client_skt string_serializer int_serializer addr in
  let chan = connect skt srv in
  List.iter (send chan) words;
  List.map (fun _ -> recv chan) words
