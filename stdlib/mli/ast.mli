(* Ast: the AnerisLang primitives (as in Aneris's ml_sources/aneris_lang/ast.ml):
   sums, serializers, threads, references with compare-and-set, locks, monitors,
   strings, addresses and UDP sockets. *)

type ('a, 'b) sumTy = InjL of 'a | InjR of 'b

type 'a serializer = { s_ser : 'a -> string; s_deser : string -> 'a }

(* A socket address: an IPv4 address (as text) and a port. *)
type saddr

(* A UDP socket. *)
type socket

(* A mutual-exclusion lock. *)
type lock

(* A lock with a condition variable. *)
type monitor

(* Runs [f x] on a new thread. *)
val fork : ('a -> unit) -> 'a -> unit

val ref : 'a -> 'a ref
val ref_lbl : string -> 'a -> 'a ref
val ( ! ) : 'a ref -> 'a
val ( := ) : 'a ref -> 'a -> unit
(* [cas r old v] sets [r] to [v] if it holds [old] (physically); says whether it did. *)
val cas : 'a ref -> 'a -> 'a -> bool

val newlock : unit -> lock
val try_acquire : lock -> bool
val acquire : lock -> unit
val release : lock -> unit

val new_monitor : unit -> monitor
val monitor_try_acquire : monitor -> bool
val monitor_acquire : monitor -> unit
val monitor_release : monitor -> unit
val monitor_signal : monitor -> unit
val monitor_broadcast : monitor -> unit
val monitor_wait : monitor -> unit

(* Runs the function and drops its result (printing, sleeping). *)
val unsafe : (unit -> 'a) -> unit

val findFrom : string -> int -> char -> int option
(* [substring s start len]: the empty string when out of range. *)
val substring : string -> int -> int -> string
val strlen : string -> int
val stringOfInt : int -> string
val intOfString : string -> int option
val i2s : int -> string
val s2i : string -> int option

val makeAddress : string -> int -> saddr
val ip_of_address : saddr -> string
val port_of_address : saddr -> int
val get_address_info : saddr -> string * int

val udp_socket : unit -> socket
val socketBind : socket -> saddr -> unit
(* Sends a datagram; returns the number of bytes sent. *)
val sendTo : socket -> string -> saddr -> int
(* Blocks for the next datagram, or [None] once the receive timeout has passed. *)
val receiveFrom : socket -> (string * saddr) option
(* [setReceiveTimeout s sec usec]; 0 0 means no timeout. *)
val setReceiveTimeout : socket -> int -> int -> unit

val rand : int -> int

(* Fault simulation on [sendTo]: when the flag is set, datagrams are dropped, delayed and
   duplicated with the per-mille rates given by [set_send_fault_flags drop delay dup]. *)
val sendTo_sim_flag : bool ref
val set_send_fault_flags : int -> int -> int -> unit
