(* A counter service: N clients each ask one server to increment a shared counter and get
   the count back (the server answers the sender of each request, in the order the requests
   arrive). Verified: the server counted every client, and each client's count is between 1
   and N. Run: counter_service N PORT. *)
open Ast
open System_code

type msg = Incr | Count of int

let msg_ser (m : msg) = match m with Incr -> "I" | Count n -> "C" ^ string_of_int n

let msg_deser (s : string) : msg =
  if s = "I" then Incr else Count (int_of_string (String.sub s 1 (String.length s - 1)))

let msg_serializer : msg serializer = { s_ser = msg_ser; s_deser = msg_deser }

let client (srv : saddr) (mb : msg mailbox) =
  send_to mb srv Incr;
  let (r, _) = receive mb in
  let got = match r with Count n -> n | Incr -> failwith "client: expected a count" in
  print_string (Printf.sprintf "client got %d\n" got)

let server (mb : msg mailbox) (clients : saddr list) =
  let count = ref 0 in
  (List.iter
     (fun _ ->
       let (m, from) = receive mb in
       (match m with Incr -> () | Count _ -> failwith "server: expected Incr");
       incr count;
       send_to mb from (Count !count))
     clients)
  [@invariant fun seen -> !count = List.length seen && List.for_all (fun c -> c.got >= 1 && c.got <= List.length seen) seen];
  print_string (Printf.sprintf "server counted %d\n" !count)

let () =
  let n = int_of_string Sys.argv.(1) in
  let port = int_of_string Sys.argv.(2) in
  let srv = makeAddress "127.0.0.1" port in
  let clients = addresses "127.0.0.1" (port + 1) n in
  let srv_mb = mailbox msg_serializer srv in
  List.iter (fun c -> fork (client srv) (mailbox msg_serializer c)) clients;
  server srv_mb clients
[@@ensures srv.count = List.length clients && List.for_all (fun c -> c.got >= 1 && c.got <= List.length clients) clients]
