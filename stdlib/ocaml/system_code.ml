(* Shim of the typed mailboxes of System_code over the shim's UDP sockets.
   Interface: stdlib/mli/system_code.mli. *)

open Ast

type 'a mailbox = { mb_socket : socket; mb_ser : 'a serializer }

let mailbox ser addr =
  let skt = udp_socket () in
  socketBind skt addr;
  { mb_socket = skt; mb_ser = ser }

let send_to mb dst v = ignore (sendTo mb.mb_socket (mb.mb_ser.s_ser v) dst)

let rec receive mb =
  match receiveFrom mb.mb_socket with
  | Some (text, sender) -> (mb.mb_ser.s_deser text, sender)
  | None -> receive mb

let addresses ip port n = List.init n (fun i -> makeAddress ip (port + i))
