(* Shim of the RPC library: a request/reply server with one thread per client
   (Mt_server_code). Interface: stdlib/mli/rpc_code.mli. *)

type ('req, 'rep) rpc = ('req, 'rep) Mt_server_code.rpc

let rpc_start = Mt_server_code.run_server
let rpc_connect = Mt_server_code.init_client_proxy
let rpc_make_request = Mt_server_code.make_request
