(* A UDP ping/pong pair over Ast's socket primitives. *)
open Ast

let port_arg i = int_of_string Sys.argv.(i)

let pong_server addr =
  let sock = udp_socket () in
  socketBind sock addr;
  let rec loop () =
    match receiveFrom sock with
    | Some (msg, sender) ->
      if msg = "PING" then ignore (sendTo sock "PONG" sender);
      loop ()
    | None -> loop ()
  in
  loop ()

let ping_client addr srv tries =
  let sock = udp_socket () in
  socketBind sock addr;
  setReceiveTimeout sock 0 200000;
  let rec attempt n =
    if n = 0 then false
    else begin
      ignore (sendTo sock "PING" srv);
      match receiveFrom sock with
      | Some ("PONG", from) when from = srv -> true
      | _ -> attempt (n - 1)
    end
  in
  attempt tries

let () =
  let ip = Sys.argv.(2) in
  if Sys.argv.(1) = "server" then pong_server (makeAddress ip (port_arg 3))
  else if ping_client (makeAddress ip (port_arg 3)) (makeAddress ip (port_arg 4)) 5
  then print_endline "pong"
  else print_endline "no answer"
