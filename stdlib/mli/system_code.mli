(* System_code: typed mailboxes for whole systems of nodes that talk over UDP, in the
   shape `anerisc verify` synchronizes (one mailbox per node, bound before any node runs).
   Delivery is plain UDP: the verifier assumes every message sent is delivered exactly
   once, which UDP on loopback without fault injection gives in practice. *)

open Ast

(* A node's typed inbox: a UDP socket bound at the node's address and the serializer of
   its messages (messages it sends and messages it receives have the same type). *)
type 'a mailbox

(* [mailbox ser addr] binds a new UDP socket at [addr]. *)
val mailbox : 'a serializer -> saddr -> 'a mailbox
(* [send_to mb dst v] serializes [v] with [mb]'s serializer and sends it from [mb]'s
   socket to [dst]. *)
val send_to : 'a mailbox -> saddr -> 'a -> unit
(* Blocks for the next message (no timeout); returns it and the sender's address. *)
val receive : 'a mailbox -> 'a * saddr
(* [addresses ip port n] is [ip:port; ip:port+1; ...; ip:port+n-1]. *)
val addresses : string -> int -> int -> saddr list
