(* Several forked workers add into a shared counter under a lock; the main thread waits
   on a monitor until all have finished. *)
open Ast

let () =
  let lock = newlock () in
  let total = ref 0 in
  let m = new_monitor () in
  let finished = ref 0 in
  let workers = 4 in
  for w = 1 to workers do
    fork (fun k ->
        for i = 1 to 1000 do
          acquire lock;
          total := !total + k * i;
          release lock
        done;
        monitor_acquire m;
        incr finished;
        monitor_broadcast m;
        monitor_release m) w
  done;
  monitor_acquire m;
  while !finished < workers do monitor_wait m done;
  monitor_release m;
  Printf.printf "finished %d total %d\n" !finished !total
