(* args: 100 *)
(* Prime sieve over an array, and a list-based sieve to compare. *)
let array_sieve n =
  let marks = Array.make (n + 1) true in
  Array.set marks 0 false;
  Array.set marks 1 false;
  for i = 2 to n do
    if Array.get marks i then begin
      let j = ref (i * i) in
      while !j <= n do Array.set marks !j false; j := !j + i done
    end
  done;
  List.filter (fun i -> Array.get marks i) (List.init (n + 1) (fun i -> i))

let rec list_sieve = function
  | [] -> []
  | p :: rest -> p :: list_sieve (List.filter (fun x -> x mod p <> 0) rest)

let () =
  let n = int_of_string Sys.argv.(1) in
  let a = array_sieve n in
  let l = list_sieve (List.init (n - 1) (fun i -> i + 2)) in
  Printf.printf "%d primes up to %d; same: %b\n" (List.length a) n (a = l);
  print_endline (String.concat " " (List.map string_of_int a));
  let squares = Array.init 5 (fun i -> i * i) in
  Printf.printf "%d %d\n" (Array.fold_left ( + ) 0 squares) (Array.length (Array.map (fun x -> x + 1) squares));
  Array.iter (fun x -> Printf.printf "%d;" x) (Array.of_list [3; 2; 1]);
  print_newline ();
  (try ignore (Array.get squares 9) with Invalid_argument m -> print_endline m)
