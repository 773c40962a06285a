(* Fibonacci three ways: naive, memoised in an association list, iterative. *)
let rec fib n = if n < 2 then n else fib (n - 1) + fib (n - 2)

let memo = ref []
let rec fib_memo n =
  if n < 2 then n
  else match List.assoc_opt n !memo with
    | Some v -> v
    | None ->
        let v = fib_memo (n - 1) + fib_memo (n - 2) in
        memo := (n, v) :: !memo;
        v

let fib_iter n =
  let a = ref 0 and b = ref 1 in
  for _ = 1 to n do
    let t = !a + !b in
    a := !b;
    b := t
  done;
  !a

let () =
  Printf.printf "%d %d %d\n" (fib 20) (fib_memo 20) (fib_iter 20);
  Printf.printf "%d\n" (fib_memo 80);
  Printf.printf "%d\n" (fib_iter 90);
  Printf.printf "memo entries %d\n" (List.length !memo);
  List.iter (fun n -> Printf.printf "%d " (fib n)) [0; 1; 2; 3; 4; 5; 6; 7; 8; 9];
  print_newline ()
