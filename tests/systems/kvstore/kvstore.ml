(* A replicated key-value store: writes go through the leader, which numbers them in its
   log; each follower pulls the log entry by entry from the leader (catching up from any
   point) and answers reads once it has applied at least the index the reader asks for.
   Nodes:  kvstore leader IP CLIENT_PORT REPLICATION_PORT
           kvstore follower IP READ_PORT PULL_PORT LEADER_REPLICATION_PORT
           kvstore client IP PORT1 PORT2 PORT3 LEADER_CLIENT_PORT FOLLOWER1_PORT FOLLOWER2_PORT *)
open Ast
open Serialization_code
open Rpc_code

[@@@protocol {| write = mu rec. !(kv : string * string). ?(index : int). rec |}]
[@@@protocol {| pull = mu rec. !(i : int) {i >= 0}. ?(entry : (string * string) option). rec |}]
[@@@protocol {| read = mu rec. !(q : string * int) {snd q >= 0}. ?(v : string option). rec |}]

let kv_s = prod_serializer string_serializer string_serializer
let entry_s = option_serializer kv_s
let query_s = prod_serializer string_serializer int_serializer
let value_s = option_serializer string_serializer

let rec lookup entries key =
  match entries with
  | [] -> None
  | (k, v) :: rest -> if k = key then Some v else lookup rest key

let leader ip client_port repl_port =
  let log = ref [] in
  let length = ref 0 in
  let lock = newlock () in
  let append kv =
    acquire lock;
    log := kv :: !log;
    length := !length + 1;
    let index = !length in
    release lock;
    index
  in
  let entry i =
    acquire lock;
    let e = if i < !length then Some (List.nth !log (!length - 1 - i)) else None in
    release lock;
    e
  in
  rpc_start int_serializer kv_s (makeAddress ip client_port) append [@protocol write];
  rpc_start entry_s int_serializer (makeAddress ip repl_port) entry [@protocol pull]

let follower ip read_port pull_port leader_port =
  let store = ref [] in
  let applied = ref 0 in
  let lock = newlock () in
  let rec catch_up rpc =
    let index = !applied in
    if index < 0 then failwith "the applied index went negative";
    (match rpc_make_request rpc index with
     | Some (k, v) ->
       acquire lock;
       (* printed before a reader can see the entry, so the line is out before any answer *)
       print_endline (Printf.sprintf "applied %d: %s = %s" (!applied + 1) k v);
       store := (k, v) :: !store;
       applied := !applied + 1;
       release lock
     | None -> Unix.sleepf 0.005);
    catch_up rpc
  in
  let rec read (key, index) =
    acquire lock;
    let ready = !applied >= index in
    let v = lookup !store key in
    release lock;
    if ready then v else begin Unix.sleepf 0.005; read (key, index) end
  in
  rpc_start value_s query_s (makeAddress ip read_port) read [@protocol read];
  let rpc = rpc_connect int_serializer entry_s (makeAddress ip pull_port) (makeAddress ip leader_port) [@protocol pull] in
  catch_up rpc

let client ip ports leader_port f1 f2 =
  let port i = makeAddress ip (List.nth ports i) in
  let writer = rpc_connect kv_s int_serializer (port 0) (makeAddress ip leader_port) [@protocol write] in
  let writes = [ ("x", "1"); ("y", "2"); ("z", "3"); ("x", "4") ] in
  let last = List.fold_left (fun _ kv -> rpc_make_request writer kv) 0 writes in
  if last < 0 then failwith "the leader answered a negative index";
  Printf.printf "%d writes, last index %d\n" (List.length writes) last;
  let show name r =
    List.iter
      (fun key ->
        let v = match rpc_make_request r (key, last) with Some v -> v | None -> "(none)" in
        Printf.printf "%s: %s = %s\n" name key v)
      [ "x"; "y"; "z"; "w" ]
  in
  let reader1 = rpc_connect query_s value_s (port 1) (makeAddress ip f1) [@protocol read] in
  show "follower1" reader1;
  let reader2 = rpc_connect query_s value_s (port 2) (makeAddress ip f2) [@protocol read] in
  show "follower2" reader2

let () =
  let arg i = Sys.argv.(i) in
  let num i = int_of_string (arg i) in
  match arg 1 with
  | "leader" -> leader (arg 2) (num 3) (num 4)
  | "follower" -> follower (arg 2) (num 3) (num 4) (num 5)
  | "client" -> client (arg 2) [ num 3; num 4; num 5 ] (num 6) (num 7) (num 8)
  | role -> failwith ("unknown role " ^ role)
