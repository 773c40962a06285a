(* Locks and compare-and-set used from one thread. *)
open Ast

let () =
  let l = newlock () in
  Printf.printf "try first %b\n" (try_acquire l);
  Printf.printf "try again %b\n" (try_acquire l);
  release l;
  Printf.printf "after release %b\n" (try_acquire l);
  release l;
  acquire l;
  release l;
  let r = ref 10 in
  Printf.printf "cas 10->11 %b\n" (cas r 10 11);
  Printf.printf "cas 10->12 %b\n" (cas r 10 12);
  Printf.printf "value %d\n" !r;
  let labelled = ref_lbl "counter" 0 in
  labelled := !labelled + 5;
  Printf.printf "labelled %d\n" !labelled;
  let m = new_monitor () in
  Printf.printf "monitor try %b\n" (monitor_try_acquire m);
  monitor_release m;
  unsafe (fun () -> print_endline "inside unsafe")
