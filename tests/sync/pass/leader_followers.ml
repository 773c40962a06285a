(* A leader/followers key-value round over System_code mailboxes: the leader picks a value
   for the key "x" and sends Write ("x", value) to each of N followers; each follower stores
   the pair and answers Ack; once the leader has counted every ack it tells each follower
   the round is Committed, and the follower, caught up, reads "x" from its store.
   Run: leader_followers N PORT (the leader at 127.0.0.1:PORT, followers at the N ports
   after it).
   Verified property: every follower's read equals the value the leader wrote.
   Each node prints its line with one print_string, so that the lines of nodes on
   different threads never interleave (in anerisc and in OCaml alike). *)
open Ast
open Serialization_code
open System_code

type msg = Write of string * int | Ack | Committed

let msg_ser (m : msg) =
  match m with
  | Write (key, value) -> "W" ^ prod_ser string_ser int_ser (key, value)
  | Ack -> "A"
  | Committed -> "C"

let msg_deser (s : string) : msg =
  match s with
  | "A" -> Ack
  | "C" -> Committed
  | _ ->
    if strlen s > 0 && String.get s 0 = 'W' then
      let (key, value) = prod_deser string_deser int_deser (substring s 1 (strlen s - 1)) in
      Write (key, value)
    else failwith ("leader_followers: malformed message " ^ s)

let msg_serializer : msg serializer = { s_ser = msg_ser; s_deser = msg_deser }

let follower (leader : saddr) (mb : msg mailbox) =
  let store = ref ("", 0) in
  let (m, _) = receive mb in
  (match m with
   | Write (key, value) -> store := (key, value)
   | _ -> failwith "follower: expected a write");
  send_to mb leader Ack;
  let (c, _) = receive mb in
  (match c with Committed -> () | _ -> failwith "follower: expected Committed");
  let (key, value) = !store in
  let read = if key = "x" then value else -1 in
  print_string (Printf.sprintf "follower read x = %d\n" read)

let lead (mb : msg mailbox) (followers : saddr list) =
  let value = rand 1000 in
  List.iter (fun p -> send_to mb p (Write ("x", value))) followers;
  let acks = ref 0 in
  (List.iter
     (fun _ ->
       let (m, _) = receive mb in
       match m with
       | Ack -> incr acks
       | _ -> failwith "leader: expected an ack")
     followers)
  [@invariant fun seen -> !acks = List.length seen];
  List.iter (fun p -> send_to mb p Committed) followers;
  print_string (Printf.sprintf "leader wrote x = %d, %d acks\n" value !acks)

let () =
  let n = int_of_string Sys.argv.(1) in
  let port = int_of_string Sys.argv.(2) in
  let leader = makeAddress "127.0.0.1" port in
  let followers = addresses "127.0.0.1" (port + 1) n in
  let leader_mb = mailbox msg_serializer leader in
  List.iter (fun p -> fork (follower leader) (mailbox msg_serializer p)) followers;
  lead leader_mb followers
[@@ensures List.for_all (fun p -> p.read = leader.value) followers]
