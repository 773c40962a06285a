(* RPC benchmark: a bank server (deposits and balance queries, as in tests/systems/bank)
   and a client running THREADS threads, each with its own RPC connection, that send
   REQUESTS deposits in all, one at a time per thread, timing each round trip.
   The client prints: requests, seconds, round-trip p50 and p99 in microseconds.
   Nodes:  bank_bench server IP PORT
           bank_bench client IP FIRST_PORT SERVER_PORT THREADS REQUESTS *)
open Ast
open Serialization_code
open Rpc_code

[@@@protocol {| teller = mu rec. !(req : (int, unit) Ast.sumTy). ?(balance : int). rec |}]

let req_s = sum_serializer int_serializer unit_serializer
let rep_s = int_serializer

let server here =
  let balance = ref 0 in
  let lock = newlock () in
  let handle req =
    acquire lock;
    let r = match req with InjL amount -> balance := !balance + amount; !balance | InjR () -> !balance in
    release lock;
    r
  in
  rpc_start rep_s req_s here handle [@protocol teller]

let client ip first srv threads requests =
  let per = requests / threads in
  let latencies = Array.make (per * threads) 0 in
  let finished = ref 0 in
  let all_done = new_monitor () in
  let worker t =
    let rpc = rpc_connect req_s rep_s (makeAddress ip (first + t)) (makeAddress ip srv) [@protocol teller] in
    for i = 0 to per - 1 do
      let t0 = Unix.gettimeofday () in
      ignore (rpc_make_request rpc (InjL 1));
      Array.set latencies (t * per + i) (int_of_float ((Unix.gettimeofday () -. t0) *. 1e6))
    done;
    monitor_acquire all_done;
    finished := !finished + 1;
    monitor_signal all_done;
    monitor_release all_done
  in
  let start = Unix.gettimeofday () in
  for t = 0 to threads - 1 do
    fork worker t
  done;
  (* The main thread sleeps until the last worker is done (no polling that would take
     the runtime lock from the workers). *)
  let rec wait () = if !finished < threads then begin monitor_wait all_done; wait () end in
  monitor_acquire all_done;
  wait ();
  monitor_release all_done;
  let seconds = Unix.gettimeofday () -. start in
  let sorted = Array.of_list (List.sort (fun a b -> a - b) (Array.to_list latencies)) in
  let n = Array.length sorted in
  Printf.printf "%d %.3f %d %d\n" n seconds (Array.get sorted (n / 2)) (Array.get sorted (n * 99 / 100))

let () =
  let arg i = Sys.argv.(i) in
  let num i = int_of_string (arg i) in
  match arg 1 with
  | "server" -> server (makeAddress (arg 2) (num 3))
  | "client" -> client (arg 2) (num 3) (num 4) (num 5) (num 6)
  | role -> failwith ("unknown role " ^ role)
