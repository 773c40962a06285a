(* A connection state machine in the style of a handshake protocol. *)
type state = Closed | Init_sent | Cookie_sent of int | Established of int

type event = Send_init | Got_init_ack of int | Got_cookie_ack | Data of string | Timeout

type action = Transmit of string | Deliver of string | Nothing

let step state event =
  match (state, event) with
  | (Closed, Send_init) -> (Init_sent, Transmit "INIT")
  | (Init_sent, Got_init_ack cookie) -> (Cookie_sent cookie, Transmit ("COOKIE " ^ string_of_int cookie))
  | (Init_sent, Timeout) -> (Init_sent, Transmit "INIT")
  | (Cookie_sent c, Timeout) -> (Cookie_sent c, Transmit ("COOKIE " ^ string_of_int c))
  | (Cookie_sent _, Got_cookie_ack) -> (Established 0, Nothing)
  | (Established n, Data d) -> (Established (n + 1), Deliver d)
  | (s, _) -> (s, Nothing)

let run events =
  List.fold_left
    (fun (s, out) e ->
      let s', a = step s e in
      (s', a :: out))
    (Closed, []) events

let show_state = function
  | Closed -> "closed"
  | Init_sent -> "init sent"
  | Cookie_sent c -> "cookie " ^ string_of_int c
  | Established n -> "established after " ^ string_of_int n

let () =
  let final, actions =
    run [ Send_init; Timeout; Got_init_ack 7; Got_cookie_ack; Data "a"; Data "b" ]
  in
  print_endline (show_state final);
  List.iter (function Transmit m -> print_endline (">" ^ m) | Deliver d -> print_endline d | Nothing -> ())
    (List.rev actions)
