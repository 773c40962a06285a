(* bank_rpc.ml: one bank account served over RPC (Rpc_code).

   A request is either a deposit `InjL amount` or a balance query `InjR ()`; every reply is
   the balance after the request. The protocol `bank` fixes the message types of both
   directions, and `anerisc check` checks them against the serializers given to
   `rpc_start` and `rpc_connect` (E0502 when they differ).
   The server runs the handler on one thread per client connection, so it takes a lock
   around the balance.

   Run (two terminals):
     anerisc run examples/bank_rpc.ml -- server 127.0.0.1 9100
     anerisc run examples/bank_rpc.ml -- client 127.0.0.1 9101 127.0.0.1 9100 5
   The client deposits 1, 2, ..., 5 and prints the balance: "15" for the first client,
   "30" for a second one. *)
open Ast
open Serialization_code
open Rpc_code

[@@@protocol {| bank = mu r. !(req : (int, unit) Ast.sumTy). ?(balance : int). r |}]

let request_s = sum_serializer int_serializer unit_serializer
let reply_s = int_serializer

let server here =
  let balance = ref 0 in
  let guard = newlock () in
  let handle req =
    acquire guard;
    (match req with
     | InjL amount -> balance := !balance + amount
     | InjR () -> ());
    let now = !balance in
    release guard;
    now
  in
  rpc_start reply_s request_s here handle [@protocol bank]

let client here there n =
  let bank = rpc_connect request_s reply_s here there [@protocol bank] in
  for amount = 1 to n do
    ignore (rpc_make_request bank (InjL amount))
  done;
  Printf.printf "%d\n" (rpc_make_request bank (InjR ()))

let () =
  let address ip port = makeAddress ip (int_of_string port) in
  match Array.to_list Sys.argv with
  | _ :: "server" :: ip :: port :: [] -> server (address ip port)
  | _ :: "client" :: ip :: port :: sip :: sport :: n :: [] -> client (address ip port) (address sip sport) (int_of_string n)
  | _ ->
    prerr_endline "usage: bank_rpc server IP PORT";
    prerr_endline "       bank_rpc client IP PORT SERVER_IP SERVER_PORT N";
    exit 2
