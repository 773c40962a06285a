(* ocaml-flags: -rectypes *)
(* The echo service over reliable channels, split into small functions. *)
open Ast
open Serialization_code
open Client_server_code

let server_loop chan =
  let rec loop count =
    let msg = recv chan in
    send chan (String.length msg);
    loop (count + 1)
  in
  loop 0

let run_server addr =
  let skt = make_server_skt int_serializer string_serializer addr in
  server_listen skt;
  let rec accept_all () =
    let chan, client = accept skt in
    print_endline ("connection from " ^ ip_of_address client);
    fork server_loop chan;
    accept_all ()
  in
  accept_all ()

let run_client addr srv words =
  let skt = make_client_skt string_serializer int_serializer addr in
  let chan = connect skt srv in
  List.iter (send chan) words;
  List.map (fun _ -> recv chan) words

let poll chan = match try_recv chan with Some n -> n | None -> -1

let () =
  let addr i = makeAddress Sys.argv.(i) (int_of_string Sys.argv.(i + 1)) in
  if Sys.argv.(1) = "server" then run_server (addr 2)
  else
    let lengths = run_client (addr 2) (addr 4) ["a"; "bb"; "ccc"] in
    List.iter (fun n -> Printf.printf "%d\n" n) lengths
