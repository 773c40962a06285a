(* Mt_server_code: Aneris's multi-threaded request/reply servers over reliable channels:
   one thread per client connection. *)

open Ast

(* A client's connection to a server, sending 'req and receiving 'rep. *)
type ('req, 'rep) rpc

val run_server : 'rep serializer -> 'req serializer -> saddr -> ('req -> 'rep) -> unit
(* The handler is called with [None] when no request came for a while, and answers only when
   it returns [Some]. *)
val run_server_opt :
  'rep serializer -> 'req serializer -> saddr -> ('req option -> 'rep option) -> unit
val init_client_proxy : 'req serializer -> 'rep serializer -> saddr -> saddr -> ('req, 'rep) rpc
val make_request : ('req, 'rep) rpc -> 'req -> 'rep
