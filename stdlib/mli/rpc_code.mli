(* Rpc_code: remote procedure calls over reliable channels. *)

open Ast

(* A client's handle on a remote procedure from 'req to 'rep. *)
type ('req, 'rep) rpc

(* [rpc_start rep_ser req_ser addr handler] serves [handler] at [addr], one thread per
   client; it returns once the server is listening. *)
val rpc_start : 'rep serializer -> 'req serializer -> saddr -> ('req -> 'rep) -> unit
(* [rpc_connect req_ser rep_ser client_addr server_addr]. *)
val rpc_connect : 'req serializer -> 'rep serializer -> saddr -> saddr -> ('req, 'rep) rpc
(* Sends a request and waits for its reply; callers on several threads take turns. *)
val rpc_make_request : ('req, 'rep) rpc -> 'req -> 'rep
