(* BUG (verification must fail): participants never send their Ack, but the coordinator
   still waits for N acks: its receives match no send (run, the coordinator waits forever).
   Otherwise the ping multicast of ../pass/ping_multicast.ml, with the same property.
   Run: ping_missing_ack N PORT.
   Each node prints its line with one print_string, so that the lines of nodes on
   different threads never interleave (in anerisc and in OCaml alike). *)
open Ast
open System_code

type msg = Ping | Ack

let msg_ser (m : msg) = match m with Ping -> "PING" | Ack -> "ACK"

let msg_deser (s : string) : msg =
  match s with
  | "PING" -> Ping
  | "ACK" -> Ack
  | _ -> failwith ("ping_multicast: malformed message " ^ s)

let msg_serializer : msg serializer = { s_ser = msg_ser; s_deser = msg_deser }

let participant (_coord : saddr) (mb : msg mailbox) =
  let (m, _) = receive mb in
  let got_ping = (m = Ping) in
  print_string (Printf.sprintf "participant %s\n" (if got_ping then "got ping" else "got no ping"))

let coordinator (mb : msg mailbox) (parts : saddr list) =
  List.iter (fun p -> send_to mb p Ping) parts;
  let acks = ref 0 in
  (List.iter
     (fun _ ->
       let (m, _) = receive mb in
       match m with
       | Ack -> incr acks
       | _ -> failwith "coordinator: expected an ack")
     parts)
  [@invariant fun seen -> !acks = List.length seen];
  print_string (Printf.sprintf "coordinator got %d acks\n" !acks)

let () =
  let n = int_of_string Sys.argv.(1) in
  let port = int_of_string Sys.argv.(2) in
  let coord = makeAddress "127.0.0.1" port in
  let parts = addresses "127.0.0.1" (port + 1) n in
  let coord_mb = mailbox msg_serializer coord in
  List.iter (fun p -> fork (participant coord) (mailbox msg_serializer p)) parts;
  coordinator coord_mb parts
[@@ensures List.for_all (fun p -> p.got_ping) parts && coord.acks = List.length parts]
