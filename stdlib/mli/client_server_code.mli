(* Client_server_code: Aneris's reliable channels over UDP. A channel of type
   ('a, 'b) chan_descr sends values of type 'a and receives values of type 'b, in order and
   exactly once, after a four-message handshake (INIT, INIT-ACK cookie, COOKIE cookie,
   COOKIE-ACK). *)

open Ast

type ('a, 'b) client_skt
type ('a, 'b) server_skt
type ('a, 'b) chan_descr

val make_client_skt : 'a serializer -> 'b serializer -> saddr -> ('a, 'b) client_skt
val make_server_skt : 'a serializer -> 'b serializer -> saddr -> ('a, 'b) server_skt
val server_listen : ('a, 'b) server_skt -> unit
val accept : ('a, 'b) server_skt -> ('a, 'b) chan_descr * saddr
val connect : ('a, 'b) client_skt -> saddr -> ('a, 'b) chan_descr
val send : ('a, 'b) chan_descr -> 'a -> unit
val try_recv : ('a, 'b) chan_descr -> 'b option
val recv : ('a, 'b) chan_descr -> 'b
