(* ocaml-flags: -rectypes *)
(* A bully-style leader election round over UDP with serialized messages. *)
open Ast
open Serialization_code

type message = Election of int | Answer of int | Coordinator of int

let message_serializer =
  let wire = sum_serializer int_serializer (sum_serializer int_serializer int_serializer) in
  { s_ser = (fun m ->
        wire.s_ser
          (match m with Election i -> InjL i | Answer i -> InjR (InjL i) | Coordinator i -> InjR (InjR i)));
    s_deser = (fun s ->
        match wire.s_deser s with
        | InjL i -> Election i
        | InjR (InjL i) -> Answer i
        | InjR (InjR i) -> Coordinator i) }

let send_msg sock m dst = ignore (sendTo sock (message_serializer.s_ser m) dst)

let higher me peers = List.filter (fun (id, _) -> id > me) peers

let start_election sock me peers =
  List.iter (fun (_, addr) -> send_msg sock (Election me) addr) (higher me peers);
  setReceiveTimeout sock 0 300000;
  let rec wait_answers got =
    match receiveFrom sock with
    | Some (raw, _) -> (
      match message_serializer.s_deser raw with
      | Answer _ -> wait_answers true
      | Coordinator id -> Some id
      | Election _ -> wait_answers got)
    | None -> if got then None else Some me
  in
  wait_answers false

let announce sock me peers = List.iter (fun (_, a) -> send_msg sock (Coordinator me) a) peers

let () =
  let me = 1 in
  let sock = udp_socket () in
  let peers = [ (2, makeAddress "127.0.0.1" 9202) ] in
  if Array.length Sys.argv > 1 then begin
    socketBind sock (makeAddress "127.0.0.1" 9201);
    match start_election sock me peers with
    | Some leader when leader = me -> announce sock me peers
    | Some leader -> Printf.printf "leader %d\n" leader
    | None -> print_endline "waiting"
  end
