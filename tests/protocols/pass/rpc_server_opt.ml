(* A doubling server written with run_server_opt: its handler is given [None] when no
   request came for a while and then answers nothing; a request gets its double. The
   client's assert follows from the reply's refinement. A request is at most max_int / 2,
   whose double is the largest that does not wrap. *)
open Ast
open Serialization_code
open Mt_server_code

[@@@protocol {| double = mu r. !(k : int) {k >= 0 && k <= 2305843009213693951}. ?(v : int) {v = 2 * k && v >= 0}. r |}]

let srv = makeAddress "127.0.0.1" 9950

let handle (req : int option) : int option =
  match req with
  | Some k -> Some (k + k)
  | None -> None

let () =
  if Array.length Sys.argv > 1 then run_server_opt int_serializer int_serializer srv handle [@protocol double]
  else begin
    let r = init_client_proxy int_serializer int_serializer (makeAddress "127.0.0.1" 9951) srv [@protocol double] in
    let v = make_request r 21 in
    assert (v = 42);
    Printf.printf "%d\n" v
  end
