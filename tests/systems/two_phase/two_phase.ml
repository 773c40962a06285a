(* Two-phase commit: a coordinator runs transactions 1..N with 4 participants, each over a
   reliable channel. Phase one: the coordinator sends the transaction, each participant
   votes (1 yes, 0 no). Phase two: the coordinator sends 1 to commit (only if every vote was
   yes) or 0 to abort, each participant applies it and acknowledges with the transaction
   number. Participant ID votes no on transaction 2 * ID.
   Nodes:  two_phase participant IP PORT ID
           two_phase coordinator IP PORT1 PORT2 PORT3 PORT4 P1_PORT P2_PORT P3_PORT P4_PORT N *)
open Ast
open Serialization_code
open Client_server_code

[@@@protocol {| tpc = mu rec.
  !(txn : int) {txn > 0}.
  ?(vote : int) {vote = 0 || vote = 1}.
  !(commit : int) {commit = 0 || vote = 1}.
  ?(ack : int) {ack = txn}. rec |}]

let rec take_part id c committed =
  let txn = recv c in
  let yes = txn <> 2 * id in
  send c (if yes then 1 else 0);
  let commit = recv c = 1 in
  let now = if commit then committed + 1 else committed in
  print_endline
    (Printf.sprintf "txn %d: voted %s, %s (%d committed)" txn (if yes then "yes" else "no")
       (if commit then "committed" else "aborted") now);
  send c txn;
  take_part id c now

let participant here id =
  let skt = make_server_skt int_serializer int_serializer here [@protocol tpc] in
  server_listen skt;
  let (c, _) = accept skt in
  take_part id c 0

let round c1 c2 c3 c4 txn =
  send c1 txn;
  send c2 txn;
  send c3 txn;
  send c4 txn;
  let v1 = recv c1 in
  let v2 = recv c2 in
  let v3 = recv c3 in
  let v4 = recv c4 in
  let commit = if v1 = 1 && v2 = 1 && v3 = 1 && v4 = 1 then 1 else 0 in
  send c1 commit;
  send c2 commit;
  send c3 commit;
  send c4 commit;
  let a1 = recv c1 in
  let a2 = recv c2 in
  let a3 = recv c3 in
  let a4 = recv c4 in
  assert (a1 = txn && a2 = txn && a3 = txn && a4 = txn);
  commit = 1

(* Transactions are numbered from 1: the guard `txn < 1` gives the protocol's `txn > 0` for
   every transaction of the recursion, not only the first. *)
let rec coordinate c1 c2 c3 c4 txn last committed =
  if txn > last || txn < 1 then committed
  else begin
    let commit = round c1 c2 c3 c4 txn in
    Printf.printf "txn %d: %s\n" txn (if commit then "commit" else "abort");
    coordinate c1 c2 c3 c4 (txn + 1) last (if commit then committed + 1 else committed)
  end

let coordinator ip ports peers n =
  let here i = makeAddress ip (List.nth ports i) in
  let peer i = makeAddress ip (List.nth peers i) in
  let s1 = make_client_skt int_serializer int_serializer (here 0) [@protocol tpc] in
  let s2 = make_client_skt int_serializer int_serializer (here 1) [@protocol tpc] in
  let s3 = make_client_skt int_serializer int_serializer (here 2) [@protocol tpc] in
  let s4 = make_client_skt int_serializer int_serializer (here 3) [@protocol tpc] in
  let c1 = connect s1 (peer 0) in
  let c2 = connect s2 (peer 1) in
  let c3 = connect s3 (peer 2) in
  let c4 = connect s4 (peer 3) in
  let committed = coordinate c1 c2 c3 c4 1 n 0 in
  Printf.printf "%d committed, %d aborted\n" committed (n - committed)

let () =
  let arg i = Sys.argv.(i) in
  let num i = int_of_string (arg i) in
  match arg 1 with
  | "participant" -> participant (makeAddress (arg 2) (num 3)) (num 4)
  | "coordinator" -> coordinator (arg 2) [ num 3; num 4; num 5; num 6 ] [ num 7; num 8; num 9; num 10 ] (num 11)
  | role -> failwith ("unknown role " ^ role)
