(* fork a worker, then wait for it through a monitor: deterministic output. *)
open Ast

let () =
  let m = new_monitor () in
  let done_flag = ref false in
  let result = ref 0 in
  let worker n =
    let s = ref 0 in
    for i = 1 to n do s := !s + i * i done;
    monitor_acquire m;
    result := !s;
    done_flag := true;
    monitor_signal m;
    monitor_release m
  in
  fork worker 100;
  monitor_acquire m;
  while not !done_flag do monitor_wait m done;
  monitor_release m;
  Printf.printf "sum of squares 1..100 = %d\n" !result
