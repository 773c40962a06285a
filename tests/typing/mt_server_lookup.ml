(* ocaml-flags: -rectypes *)
(* A directory service with Mt_server_code: run_server, run_server_opt and client proxies. *)
open Ast
open Serialization_code
open Mt_server_code

let directory = [ ("alice", 1); ("bob", 2) ]

let lookup_server addr =
  run_server (option_serializer int_serializer) string_serializer addr (fun name ->
      List.assoc_opt name directory)

let heartbeat_server addr =
  let missed = ref 0 in
  run_server_opt string_serializer unit_serializer addr (function
    | Some () -> missed := 0; Some "alive"
    | None -> incr missed; None)

let client clt srv names =
  let proxy = init_client_proxy string_serializer (option_serializer int_serializer) clt srv in
  List.map (make_request proxy) names

let () =
  let addr i = makeAddress Sys.argv.(i) (int_of_string Sys.argv.(i + 1)) in
  match Sys.argv.(1) with
  | "server" -> lookup_server (addr 2)
  | "heartbeat" -> heartbeat_server (addr 2)
  | _ ->
    client (addr 2) (addr 4) [ "alice"; "carol" ]
    |> List.iter (function Some n -> print_int n | None -> print_string "-")
