(* A sharded key-value store: 3 shard servers over RPC; clients send each key to the shard
   its hash picks (the sum of its character codes modulo the number of shards), then read
   every key back from that shard. A shard answers a put with how many keys it holds and
   a get with the value, if any.
   Nodes:  sharded shard IP PORT
           sharded client IP PORT1 PORT2 PORT3 SHARD1_PORT SHARD2_PORT SHARD3_PORT PREFIX COUNT *)
open Ast
open Serialization_code
open Rpc_code

[@@@protocol {| store = mu rec.
  !(req : (string * int, string) Ast.sumTy).
  ?(rep : int option) {match req with Ast.InjL _ -> (match rep with Some _ -> true | None -> false) | Ast.InjR _ -> true}. rec |}]

let req_s = sum_serializer (prod_serializer string_serializer int_serializer) string_serializer
let rep_s = option_serializer int_serializer

let shards = 3

let shard_of key =
  let sum = ref 0 in
  String.iter (fun c -> sum := !sum + Char.code c) key;
  !sum mod shards

let shard here =
  let table = ref [] in
  let lock = newlock () in
  let handle req =
    acquire lock;
    let reply =
      match req with
      | InjL (k, v) ->
        table := (k, v) :: List.remove_assoc k !table;
        Some (List.length !table)
      | InjR k -> List.assoc_opt k !table
    in
    release lock;
    reply
  in
  rpc_start rep_s req_s here handle [@protocol store]

(* The client keeps one RPC handle per shard in a variable of its own (the protocol checker
   follows handles through variables, functions and closures, not through lists) and picks
   one with `ask`. *)
let client ip ports servers prefix count =
  let connect i = (makeAddress ip (List.nth ports i), makeAddress ip (List.nth servers i)) in
  let (h0, s0) = connect 0 and (h1, s1) = connect 1 and (h2, s2) = connect 2 in
  let c0 = rpc_connect req_s rep_s h0 s0 [@protocol store] in
  let c1 = rpc_connect req_s rep_s h1 s1 [@protocol store] in
  let c2 = rpc_connect req_s rep_s h2 s2 [@protocol store] in
  let ask shard req = rpc_make_request (if shard = 0 then c0 else if shard = 1 then c1 else c2) req in
  let keys = List.init count (fun i -> (prefix ^ string_of_int (i + 1), (i + 1) * (i + 1))) in
  List.iter (fun (k, v) -> ignore (ask (shard_of k) (InjL (k, v)))) keys;
  List.iter
    (fun (k, v) ->
      let s = shard_of k in
      match ask s (InjR k) with
      | Some got when got = v -> Printf.printf "%s -> shard %d = %d\n" k (s + 1) got
      | Some got -> failwith (Printf.sprintf "%s: shard %d answered %d, not %d" k (s + 1) got v)
      | None -> failwith (Printf.sprintf "%s: shard %d lost it" k (s + 1)))
    keys;
  let on s = List.length (List.filter (fun (k, _) -> shard_of k = s) keys) in
  Printf.printf "%s: %d keys, %d %d %d per shard\n" prefix count (on 0) (on 1) (on 2)

let () =
  let arg i = Sys.argv.(i) in
  let num i = int_of_string (arg i) in
  match arg 1 with
  | "shard" -> shard (makeAddress (arg 2) (num 3))
  | "client" -> client (arg 2) [ num 3; num 4; num 5 ] [ num 6; num 7; num 8 ] (arg 9) (num 10)
  | role -> failwith ("unknown role " ^ role)
