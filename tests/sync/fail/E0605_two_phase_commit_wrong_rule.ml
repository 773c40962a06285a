(* BUG (verification must fail): the coordinator commits when ANY participant voted yes
   (it folds the votes with || instead of &&), so a participant can commit although another
   one voted no. Otherwise the two-phase commit of ../pass/two_phase_commit.ml, with the
   same property to prove: every participant's decision is Commit iff all voted yes.
   Run: two_phase_commit_wrong_rule N PORT.
   Each node prints its line with one print_string, so that the lines of nodes on
   different threads never interleave (in anerisc and in OCaml alike). *)
open Ast
open System_code

type msg = Prepare | Vote of bool | Commit | Abort

let msg_ser (m : msg) =
  match m with
  | Prepare -> "P"
  | Vote v -> if v then "Y" else "N"
  | Commit -> "C"
  | Abort -> "A"

let msg_deser (s : string) : msg =
  match s with
  | "P" -> Prepare
  | "Y" -> Vote true
  | "N" -> Vote false
  | "C" -> Commit
  | "A" -> Abort
  | _ -> failwith ("two_phase_commit: malformed message " ^ s)

let msg_serializer : msg serializer = { s_ser = msg_ser; s_deser = msg_deser }

let participant (coord : saddr) (mb : msg mailbox) =
  let (m, _) = receive mb in
  (match m with Prepare -> () | _ -> failwith "participant: expected Prepare");
  let vote = rand 100 < 80 in
  send_to mb coord (Vote vote);
  let (d, _) = receive mb in
  let decision = d in
  print_string
    (Printf.sprintf "participant voted %s, %s\n" (if vote then "yes" else "no")
       (if decision = Commit then "commit" else "abort"))

let coordinator (mb : msg mailbox) (parts : saddr list) =
  List.iter (fun p -> send_to mb p Prepare) parts;
  let any_yes = ref false in
  (List.iter
     (fun _ ->
       let (m, _) = receive mb in
       match m with
       | Vote v -> any_yes := !any_yes || v
       | _ -> failwith "coordinator: expected a vote")
     parts)
  [@invariant fun seen -> !any_yes = List.exists (fun q -> q.vote) seen];
  let decision = if !any_yes then Commit else Abort in
  List.iter (fun p -> send_to mb p decision) parts;
  print_string (Printf.sprintf "coordinator %s\n" (if decision = Commit then "commit" else "abort"))

let () =
  let n = int_of_string Sys.argv.(1) in
  let port = int_of_string Sys.argv.(2) in
  let coord = makeAddress "127.0.0.1" port in
  let parts = addresses "127.0.0.1" (port + 1) n in
  let coord_mb = mailbox msg_serializer coord in
  List.iter (fun p -> fork (participant coord) (mailbox msg_serializer p)) parts;
  coordinator coord_mb parts
[@@ensures List.for_all (fun p -> (p.decision = Commit) = List.for_all (fun q -> q.vote) parts) parts]
