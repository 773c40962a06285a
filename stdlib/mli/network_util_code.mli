(* Network_util_code: Aneris's helpers over UDP sockets and tagged messages. *)

open Ast
open List_code
open Set_code

val unSOME : 'a option -> 'a
val sendto_all : socket -> saddr alist -> string -> unit
val listen : socket -> (string -> saddr -> 'a) -> 'a
val wait_receivefrom : socket -> (string * saddr -> bool) -> string * saddr
val wait_receivefresh : socket -> (string * saddr) alist -> string * saddr
val sendto_all_set : socket -> saddr aset -> string -> unit
val receivefrom_all : socket -> saddr alist -> string alist
val wait_receivefrom_all : socket -> saddr alist -> (string -> bool) -> string alist
(* The text before the first ['_'] of a message ("UNDEFINED" without one). *)
val tag_of_message : string -> string
(* The text after the first ['_'] of a message ("UNDEFINED" without one). *)
val value_of_message : string -> string
