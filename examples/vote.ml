(* vote.ml: a verified system. N voters each cast a ballot (yes or no, an arbitrary local
   choice) and send it to a tally node; the tally counts the ballots, decides (accepted when
   more voters said yes than no) and tells every voter the outcome.

   `anerisc verify examples/vote.ml` proves, for every N and every choice of ballots, the
   property written in [@@ensures] at the end of the file:
   - every ballot is counted once: yes + no is the number of voters;
   - every voter learns the decision the tally made;
   - a unanimous yes is accepted.
   The loop that gathers the ballots carries the invariant that makes the proof go through.
   In the specification a node is named by the launcher's variable holding its address
   (`tally`), and `tally.yes` is the final value of the local `yes` of the function it runs.

   Run: anerisc run examples/vote.ml -- N PORT
   (the tally at 127.0.0.1:PORT, the voters at the N ports after it). Each node prints one
   line; the order of the lines depends on the threads. *)
open Ast
open System_code

type msg = Ballot of bool | Outcome of bool

let encode (m : msg) =
  match m with
  | Ballot b -> if b then "by" else "bn"
  | Outcome a -> if a then "oa" else "or"

let decode (s : string) : msg =
  match s with
  | "by" -> Ballot true
  | "bn" -> Ballot false
  | "oa" -> Outcome true
  | "or" -> Outcome false
  | _ -> failwith ("vote: not a message: " ^ s)

let msg_s : msg serializer = { s_ser = encode; s_deser = decode }

let voter (tally : saddr) (mb : msg mailbox) =
  let ballot = rand 2 = 0 in
  send_to mb tally (Ballot ballot);
  let (m, _) = receive mb in
  let outcome = match m with Outcome a -> a | Ballot _ -> failwith "voter: expected the outcome" in
  print_string
    (Printf.sprintf "voter: voted %s, motion %s\n" (if ballot then "yes" else "no")
       (if outcome then "accepted" else "rejected"))

let count_votes (mb : msg mailbox) (voters : saddr list) =
  let yes = ref 0 in
  let no = ref 0 in
  (List.iter
     (fun _ ->
       let (m, _) = receive mb in
       match m with
       | Ballot true -> incr yes
       | Ballot false -> incr no
       | Outcome _ -> failwith "tally: expected a ballot")
     voters)
  [@invariant fun seen ->
    !yes + !no = List.length seen && !yes >= 0 && !no >= 0 && (!no = 0) = List.for_all (fun v -> v.ballot) seen];
  let decision = !yes > !no in
  List.iter (fun v -> send_to mb v (Outcome decision)) voters;
  print_string (Printf.sprintf "tally: %d yes, %d no\n" !yes !no)

let () =
  let n = int_of_string Sys.argv.(1) in
  let port = int_of_string Sys.argv.(2) in
  let tally = makeAddress "127.0.0.1" port in
  let voters = addresses "127.0.0.1" (port + 1) n in
  let tally_mb = mailbox msg_s tally in
  List.iter (fun v -> fork (voter tally) (mailbox msg_s v)) voters;
  count_votes tally_mb voters
[@@ensures
  tally.yes + tally.no = List.length voters
  && List.for_all (fun v -> v.outcome = tally.decision) voters
  && (not (List.for_all (fun v -> v.ballot) voters) || List.length voters = 0 || tally.decision)]
