(* ocaml-flags: -rectypes *)
(* Broadcasting tagged messages to a set of peers with Network_util_code. *)
open Ast
open List_code
open Set_code
open Network_util_code

let tag_message tag body = tag ^ "_" ^ body

let broadcast sock peers tag body = sendto_all_set sock peers (tag_message tag body)

let handle_message msg sender =
  match tag_of_message msg with
  | "VOTE" -> Some (port_of_address sender, unSOME (s2i (value_of_message msg)))
  | _ -> None

let gather_votes sock peers =
  let replies = receivefrom_all sock peers in
  list_fold (fun acc r -> match s2i (value_of_message r) with Some v -> acc + v | None -> acc) 0 replies

let peer_set ip ports = List.fold_left (fun s p -> set_add (makeAddress ip p) s) (set_empty ()) ports

let () =
  let sock = udp_socket () in
  let peers = peer_set "127.0.0.1" [ 9100; 9101 ] in
  if Array.length Sys.argv > 1 then begin
    socketBind sock (makeAddress "127.0.0.1" 9099);
    broadcast sock peers "VOTE" "1";
    print_int (gather_votes sock peers)
  end
  else print_int (set_cardinal peers)
