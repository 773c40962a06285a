(* Naive doubly recursive Fibonacci: calls and tagged-int arithmetic. *)

let rec fib n = if n < 2 then n else fib (n - 1) + fib (n - 2)

let rec tak x y z = if y < x then tak (tak (x - 1) y z) (tak (y - 1) z x) (tak (z - 1) x y) else z

let () =
  Printf.printf "fib 38 = %d\n" (fib 38);
  Printf.printf "tak 24 16 8 = %d\n" (tak 24 16 8)
