(* Heap values kept across collections in every kind of frame compiled code has: recursive
   functions without loops, loops, closures called back by the runtime (String.init,
   Array.init, Array.map), handlers of exceptions, partial applications, and forked threads
   allocating while others wait. Every result is checked against a recomputation. *)
open Ast

type tree = Leaf | Node of tree * int * tree

(* No loop: the left subtree is kept across the building of the right one. *)
let rec build d k = if d = 0 then Leaf else Node (build (d - 1) (2 * k), k, build (d - 1) (2 * k + 1))

let rec sum t = match t with Leaf -> 0 | Node (l, k, r) -> sum l + k + sum r

(* Keeps its list across the allocations of the recursive call and of its own cell. *)
let rec pairs l = match l with [] -> [] | x :: rest -> (x, string_of_int x) :: pairs rest

let rec check_pairs l = match l with [] -> true | (x, s) :: rest -> int_of_string s = x && check_pairs rest

(* A loop keeping a list and a string across allocations. *)
let churn n =
  let acc = ref [] in
  let label = ref "" in
  for i = 1 to n do
    acc := (i, [ i; i + 1 ]) :: !acc;
    if i mod 1000 = 0 then label := !label ^ "."
  done;
  (List.length !acc, String.length !label)

exception Found of int list

(* The exception carries a list made inside the handler's scope; the caller keeps its own. *)
let rec find_deep d keep =
  if d = 0 then raise (Found (List.init 50 (fun i -> i + List.length keep)))
  else
    let mine = List.init 10 (fun i -> i * d) in
    let r = find_deep (d - 1) (mine @ keep) in
    List.length mine + r

let caught () =
  let outer = List.init 100 (fun i -> i) in
  let got = try find_deep 30 [] with Found l -> List.fold_left ( + ) 0 l in
  got + List.fold_left ( + ) 0 outer

(* The runtime calls these back; each allocates, while the caller keeps [tag]. *)
let callbacks n =
  let tag = String.make 3 'x' in
  let s = String.init n (fun i -> String.get (String.make 1 (Char.chr (97 + (i mod 26)))) 0) in
  let a = Array.init n (fun i -> [ i; i * i ]) in
  let b = Array.map (fun l -> List.rev (0 :: l)) a in
  (tag, String.length s, Array.fold_left (fun acc l -> acc + List.length l) 0 b)

let add3 a b c = a + b + c

(* Partial applications made and applied while collections run. *)
let partials n =
  let fs = List.init n (fun i -> add3 i) in
  let gs = List.map (fun f -> f 1) fs in
  List.fold_left (fun acc g -> acc + g 2) 0 gs

(* A self tail call loop keeps [l] and [acc] across its poll: with two threads at it, one
   yields there while the other allocates and collects. *)
let rec walk l acc n rounds =
  match l with
  | [] -> if rounds = 0 then n + List.length acc else walk (List.init 1000 (fun i -> i + rounds)) acc n (rounds - 1)
  | x :: rest -> if n land 63 = 0 then walk rest [ x ] (n + 1) rounds else walk rest (x :: acc) (n + 1) rounds

let () =
  let keep = build 12 1 in
  let total = ref 0 in
  for round = 1 to 40 do
    let t = build 14 round in
    total := !total + sum t
  done;
  Printf.printf "trees %d kept %d\n" !total (sum keep);
  let ps = pairs (List.init 50000 (fun i -> i)) in
  Printf.printf "pairs %b %d\n" (check_pairs ps) (List.length ps);
  let n, l = churn 400000 in
  Printf.printf "churn %d %d\n" n l;
  Printf.printf "caught %d\n" (caught ());
  let tag, len, cells = callbacks 100000 in
  Printf.printf "callbacks %s %d %d\n" tag len cells;
  Printf.printf "partials %d\n" (partials 200000);
  let lock = newlock () in
  let m = new_monitor () in
  let finished = ref 0 in
  let sums = ref [] in
  let workers = 3 in
  let walked = ref [] in
  (* Adds a worker's result to [results] and tells the main thread it has finished. *)
  let report results r =
    acquire lock;
    results := r :: !results;
    release lock;
    monitor_acquire m;
    incr finished;
    monitor_broadcast m;
    monitor_release m
  in
  for w = 1 to workers do
    fork
      (fun k ->
        let mine = build 13 k in
        let extra = pairs (List.init 20000 (fun i -> i + k)) in
        report sums (sum mine + List.length extra))
      w
  done;
  for w = 1 to 2 do
    fork (fun k -> report walked (walk [] [ k ] 0 300)) w
  done;
  let own = build 15 7 in
  monitor_acquire m;
  while !finished < workers + 2 do monitor_wait m done;
  monitor_release m;
  Printf.printf "threads %d own %d kept %d walked %d\n" (List.fold_left ( + ) 0 !sums) (sum own) (sum keep) (List.fold_left ( + ) 0 !walked)
