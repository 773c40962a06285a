(* Shim of Aneris's network helpers. Interface: stdlib/mli/network_util_code.mli. *)

open Ast
open List_code
open Set_code

let unSOME = function Some x -> x | None -> failwith "unSOME: None"

let sendto_all skt dests msg = list_iter (fun d -> ignore (sendTo skt msg d)) dests

let rec listen skt handler =
  match receiveFrom skt with
  | Some (msg, from) -> handler msg from
  | None -> listen skt handler

let rec wait_receivefrom skt accept =
  match receiveFrom skt with
  | Some m when accept m -> m
  | _ -> wait_receivefrom skt accept

let wait_receivefresh skt seen = wait_receivefrom skt (fun m -> not (list_mem m seen))

let sendto_all_set skt dests msg = set_iter (fun d -> ignore (sendTo skt msg d)) dests

let wait_receivefrom_all skt nodes accept =
  let rec from_node n =
    match receiveFrom skt with
    | Some (msg, sender) when sender = n && accept msg -> msg
    | _ -> from_node n
  in
  list_map from_node nodes

let receivefrom_all skt nodes = wait_receivefrom_all skt nodes (fun _ -> true)

let split_message msg =
  match String.index_opt msg '_' with
  | Some i -> (String.sub msg 0 i, String.sub msg (i + 1) (String.length msg - i - 1))
  | None -> ("UNDEFINED", "UNDEFINED")

let tag_of_message msg = fst (split_message msg)
let value_of_message msg = snd (split_message msg)
