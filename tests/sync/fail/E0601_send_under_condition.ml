(* Outside the fragment: a participant answers with one of two sends depending on its vote,
   so which send happens is not known when synchronizing. The fix the diagnostic suggests
   is one send of `if vote then Yes else No`. Run: send_under_condition N PORT. *)
open Ast
open System_code

type msg = Ask | Yes | No

let msg_serializer : msg serializer =
  { s_ser = (function Ask -> "A" | Yes -> "Y" | No -> "N");
    s_deser = (function "A" -> Ask | "Y" -> Yes | "N" -> No | s -> failwith ("bad message " ^ s)) }

let participant (coord : saddr) (mb : msg mailbox) =
  let (_, _) = receive mb in
  let vote = rand 2 = 0 in
  if vote then send_to mb coord Yes else send_to mb coord No

let coordinator (mb : msg mailbox) (parts : saddr list) =
  List.iter (fun p -> send_to mb p Ask) parts;
  let yes = ref 0 in
  (List.iter (fun _ -> let (m, _) = receive mb in if m = Yes then incr yes) parts)
  [@invariant fun seen -> !yes <= List.length seen];
  print_string (Printf.sprintf "%d yes\n" !yes)

let () =
  let n = int_of_string Sys.argv.(1) in
  let port = int_of_string Sys.argv.(2) in
  let coord = makeAddress "127.0.0.1" port in
  let parts = addresses "127.0.0.1" (port + 1) n in
  let coord_mb = mailbox msg_serializer coord in
  List.iter (fun p -> fork (participant coord) (mailbox msg_serializer p)) parts;
  coordinator coord_mb parts
