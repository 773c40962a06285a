(* System_code: typed mailboxes over UDP sockets for systems of nodes.
   Interface: stdlib/mli/system_code.mli. *)

open Ast

type 'a mailbox = { mb_socket : socket; mb_ser : 'a serializer }

let mailbox (ser : 'a serializer) (addr : saddr) : 'a mailbox =
  let skt = udp_socket () in
  socketBind skt addr;
  { mb_socket = skt; mb_ser = ser }

let send_to (mb : 'a mailbox) (dst : saddr) (v : 'a) =
  let _ = sendTo mb.mb_socket (mb.mb_ser.s_ser v) dst in
  ()

(* [receiveFrom] answers [None] only when a receive timeout is set: wait again then. *)
let rec receive (mb : 'a mailbox) : 'a * saddr =
  match receiveFrom mb.mb_socket with
  | Some (text, sender) -> (mb.mb_ser.s_deser text, sender)
  | None -> receive mb

let addresses ip port n = List.init n (fun i -> makeAddress ip (port + i))
