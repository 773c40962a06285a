(* A channel made inside one branch may be dropped where the branches meet only when its
   conversation is at rest; this one still owes a receive. *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| ask = !(x : int). ?(y : int). end |}]

let () =
  (if Array.length Sys.argv > 1 then begin
     let s = make_client_skt int_serializer int_serializer (makeAddress "127.0.0.1" 9001) [@protocol ask] in
     let c = connect s (makeAddress "127.0.0.1" 9000) in
     send c 1
   end);
  print_endline "done"
