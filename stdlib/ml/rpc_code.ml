(* Rpc_code: remote procedure calls, the request/reply servers of Mt_server_code under
   this project's names. Interface: stdlib/mli/rpc_code.mli. *)

type ('req, 'rep) rpc = ('req, 'rep) Mt_server_code.rpc

let rpc_start rep_ser req_ser addr handler = Mt_server_code.run_server rep_ser req_ser addr handler

let rpc_connect req_ser rep_ser client_addr server_addr =
  Mt_server_code.init_client_proxy req_ser rep_ser client_addr server_addr

let rpc_make_request (r : ('req, 'rep) rpc) req = Mt_server_code.make_request r req
