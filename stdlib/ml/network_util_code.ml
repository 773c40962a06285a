(* Network_util_code: Aneris's helpers over UDP sockets and tagged messages.
   Interface: stdlib/mli/network_util_code.mli. *)

open Ast
open List_code
open Set_code

let unSOME o = match o with
  | Some x -> x
  | None -> failwith "unSOME: None"

let sendto_all skt (dests : saddr alist) msg = list_iter (fun d -> ignore (sendTo skt msg d)) dests

(* Waits for the next datagram (going on waiting after receive timeouts) and hands it to
   the handler. *)
let rec listen skt handler = match receiveFrom skt with
  | Some (msg, from) -> handler msg from
  | None -> listen skt handler

(* The next datagram that passes [accept]; the others are dropped. *)
let rec wait_receivefrom skt accept = match receiveFrom skt with
  | Some m when accept m -> m
  | _ -> wait_receivefrom skt accept

let wait_receivefresh skt (seen : (string * saddr) alist) =
  wait_receivefrom skt (fun m -> not (list_mem m seen))

let sendto_all_set skt (dests : saddr aset) msg = set_iter (fun d -> ignore (sendTo skt msg d)) dests

(* One message from each node, in the order of [nodes]; a message must pass [accept]. *)
let wait_receivefrom_all skt (nodes : saddr alist) accept =
  let rec from_node n = match receiveFrom skt with
    | Some (msg, sender) when sender = n && accept msg -> msg
    | _ -> from_node n
  in
  list_map from_node nodes

let receivefrom_all skt (nodes : saddr alist) = wait_receivefrom_all skt nodes (fun _ -> true)

let tag_of_message msg = match findFrom msg 0 '_' with
  | Some i -> String.sub msg 0 i
  | None -> "UNDEFINED"

let value_of_message msg = match findFrom msg 0 '_' with
  | Some i -> String.sub msg (i + 1) (strlen msg - i - 1)
  | None -> "UNDEFINED"
