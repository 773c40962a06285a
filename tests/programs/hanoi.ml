(* args: 4 *)
(* Towers of Hanoi: recursion that prints every move. *)
let moves = ref 0

let rec hanoi n src dst via =
  if n > 0 then begin
    hanoi (n - 1) src via dst;
    incr moves;
    Printf.printf "move disk %d from %s to %s\n" n src dst;
    hanoi (n - 1) via dst src
  end

let () =
  let n = int_of_string Sys.argv.(1) in
  hanoi n "A" "C" "B";
  Printf.printf "%d moves (expected %d)\n" !moves ((1 lsl n) - 1)
