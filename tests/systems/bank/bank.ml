(* A bank over RPC: named accounts; a request deposits a positive amount into an account
   (InjL (name, amount)) or asks for its balance (InjR name); the reply is the balance.
   Nodes:  bank server IP PORT
           bank client IP PORT SERVER_IP SERVER_PORT ACCOUNT N    deposits 1..N, prints the balance *)
open Ast
open Serialization_code
open Rpc_code

[@@@protocol {| teller = mu rec.
  !(req : (string * int, string) Ast.sumTy) {match req with Ast.InjL d -> snd d > 0 | Ast.InjR _ -> true}.
  ?(balance : int). rec |}]

let req_s = sum_serializer (prod_serializer string_serializer int_serializer) string_serializer
let rep_s = int_serializer

let rec balance_of accounts name =
  match accounts with
  | [] -> 0
  | (n, b) :: rest -> if n = name then b else balance_of rest name

let server here =
  let accounts = ref [] in
  let lock = newlock () in
  let handle req =
    acquire lock;
    let reply =
      match req with
      | InjL (name, amount) ->
        if amount <= 0 then failwith "a deposit must be positive";
        let b = balance_of !accounts name + amount in
        accounts := (name, b) :: List.filter (fun (n, _) -> n <> name) !accounts;
        b
      | InjR name -> balance_of !accounts name
    in
    release lock;
    reply
  in
  rpc_start rep_s req_s here handle [@protocol teller]

let client here there name n =
  let rpc = rpc_connect req_s rep_s here there [@protocol teller] in
  let deposit amount = if amount > 0 then ignore (rpc_make_request rpc (InjL (name, amount))) in
  for i = 1 to n do
    deposit i
  done;
  Printf.printf "%s has %d\n" name (rpc_make_request rpc (InjR name))

let () =
  let arg i = Sys.argv.(i) in
  let addr i = makeAddress (arg i) (int_of_string (arg (i + 1))) in
  match arg 1 with
  | "server" -> server (addr 2)
  | "client" -> client (addr 2) (addr 4) (arg 6) (int_of_string (arg 7))
  | role -> failwith ("unknown role " ^ role)
