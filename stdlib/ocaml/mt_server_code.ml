(* Shim of Aneris's multi-threaded request/reply servers.
   Interface: stdlib/mli/mt_server_code.mli. *)

open Ast
open Client_server_code

type ('req, 'rep) rpc = { chan : ('req, 'rep) chan_descr; turn : lock }

let serve_forever skt serve_connection () =
  let rec loop () =
    let c, _client = accept skt in
    fork serve_connection c;
    loop ()
  in
  loop ()

let run_server rep_ser req_ser addr handler =
  let skt = make_server_skt rep_ser req_ser addr in
  server_listen skt;
  let rec serve c =
    send c (handler (recv c));
    serve c
  in
  fork (serve_forever skt serve) ()

(* Waits for a request for about ten seconds, polling with growing pauses. *)
let recv_for_a_while c =
  let rec poll waited pause =
    match try_recv c with
    | Some req -> Some req
    | None when waited >= 10.0 -> None
    | None ->
        Thread.delay pause;
        poll (waited +. pause) (Float.min 0.05 (pause *. 2.))
  in
  poll 0.0 0.001

let run_server_opt rep_ser req_ser addr handler =
  let skt = make_server_skt rep_ser req_ser addr in
  server_listen skt;
  let rec serve c =
    (match handler (recv_for_a_while c) with Some rep -> send c rep | None -> ());
    serve c
  in
  fork (serve_forever skt serve) ()

let init_client_proxy req_ser rep_ser client_addr server_addr =
  let skt = make_client_skt req_ser rep_ser client_addr in
  { chan = connect skt server_addr; turn = newlock () }

let make_request r req =
  acquire r.turn;
  match send r.chan req; recv r.chan with
  | rep -> release r.turn; rep
  | exception e -> release r.turn; raise e
