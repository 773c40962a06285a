(* Mt_server_code: Aneris's multi-threaded request/reply servers, in OCaml over the
   reliable channels of Client_server_code (runtime primitives): one thread accepts
   connections and each connection is served on a thread of its own.
   Interface: stdlib/mli/mt_server_code.mli. *)

open Ast
open Client_server_code

(* A client's connection and the lock that makes concurrent requests take turns. *)
type ('req, 'rep) rpc = { chan : ('req, 'rep) chan_descr; turn : lock }

(* Accepts connections forever, serving each on a new thread. *)
let serve_forever skt serve_connection =
  let rec loop () =
    let (c, _client) = accept skt in
    fork serve_connection c;
    loop ()
  in
  loop ()

let run_server rep_ser req_ser addr handler =
  let skt = make_server_skt rep_ser req_ser addr in
  server_listen skt;
  let rec serve c =
    let req = recv c in
    send c (handler req);
    serve c
  in
  fork (serve_forever skt) serve

(* How long [run_server_opt] waits for a request before calling its handler with [None],
   in seconds, and the longest pause between two polls. *)
let idle_limit = 10.0
let max_pause = 0.05

(* The next request of [c], or [None] when none came within [idle_limit]; polls with
   pauses that double from a millisecond up to [max_pause]. *)
let recv_for_a_while c =
  let rec poll waited pause =
    match try_recv c with
    | Some req -> Some req
    | None ->
        if waited >= idle_limit then None
        else begin
          Unix.sleepf pause;
          poll (waited +. pause) (if pause *. 2.0 > max_pause then max_pause else pause *. 2.0)
        end
  in
  poll 0.0 0.001

let run_server_opt rep_ser req_ser addr handler =
  let skt = make_server_skt rep_ser req_ser addr in
  server_listen skt;
  let rec serve c =
    (match handler (recv_for_a_while c) with
     | Some rep -> send c rep
     | None -> ());
    serve c
  in
  fork (serve_forever skt) serve

let init_client_proxy req_ser rep_ser client_addr server_addr =
  let skt = make_client_skt req_ser rep_ser client_addr in
  { chan = connect skt server_addr; turn = newlock () }

let make_request r req =
  acquire r.turn;
  let rep = try send r.chan req; recv r.chan with e -> release r.turn; raise e in
  release r.turn;
  rep
