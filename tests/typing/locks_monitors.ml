(* Threads, locks, compare-and-set and monitors from Ast. *)
open Ast

let counter = ref 0
let counter_lock = newlock ()

let incr_locked () =
  acquire counter_lock;
  counter := !counter + 1;
  release counter_lock

let rec incr_cas r =
  let old = !r in
  if not (cas r old (old + 1)) then incr_cas r

type 'a mailbox = { mon : monitor; slot : 'a option ref }

let make_mailbox () = { mon = new_monitor (); slot = ref None }

let put box v =
  monitor_acquire box.mon;
  box.slot := Some v;
  monitor_broadcast box.mon;
  monitor_release box.mon

let take box =
  monitor_acquire box.mon;
  let rec wait () =
    match !(box.slot) with
    | Some v -> box.slot := None; v
    | None -> monitor_wait box.mon; wait ()
  in
  let v = wait () in
  monitor_release box.mon;
  v

let () =
  let box = make_mailbox () in
  fork (fun n -> for _ = 1 to n do incr_locked () done; put box "done") 100;
  print_endline (take box);
  let r = ref 0 in
  incr_cas r;
  if try_acquire counter_lock then release counter_lock;
  unsafe (fun () -> Printf.printf "%d %d\n" !counter !r)
