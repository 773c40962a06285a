(* A clamp server: the reply is the request forced into [0, 100]; the handler's branches
   each satisfy the reply's refinement, and the client's assert follows from it. *)
open Ast
open Serialization_code
open Rpc_code

[@@@protocol {| clamp = mu r. !(x : int). ?(y : int) {0 <= y && y <= 100 && (x < 0 || x > 100 || y = x)}. r |}]

let srv = makeAddress "127.0.0.1" 9900

let () =
  if Array.length Sys.argv > 1 then
    rpc_start int_serializer int_serializer srv (fun x -> if x < 0 then 0 else if x > 100 then 100 else x) [@protocol clamp]
  else begin
    let r = rpc_connect int_serializer int_serializer (makeAddress "127.0.0.1" 9901) srv [@protocol clamp] in
    let y = rpc_make_request r 42 in
    assert (y = 42);
    let z = rpc_make_request r 1000 in
    assert (z <= 100)
  end
