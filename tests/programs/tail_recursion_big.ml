(* Tail calls that run a million times in constant stack. *)
let rec count_down n acc = if n = 0 then acc else count_down (n - 1) (acc + 1)
let rec sum_to n acc = if n = 0 then acc else sum_to (n - 1) (acc + n)
let rec even_odd n is_even = if n = 0 then is_even else even_odd (n - 1) (not is_even)

let rec loop_with_match l acc = match l with
  | [] -> acc
  | x :: rest -> loop_with_match rest (acc + x)

let () =
  Printf.printf "%d\n" (count_down 1_000_000 0);
  Printf.printf "%d\n" (sum_to 1_000_000 0);
  Printf.printf "%b\n" (even_odd 1_000_001 true);
  let big = List.init 200_000 (fun i -> i) in
  Printf.printf "%d\n" (loop_with_match big 0);
  Printf.printf "%d\n" (List.length (List.rev big))
