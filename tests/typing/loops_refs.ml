(* References with while and for loops. *)
let factorial n =
  let acc = ref 1 in
  for i = 2 to n do
    acc := !acc * i
  done;
  !acc

let countdown n =
  let steps = ref [] in
  for i = n downto 1 do
    steps := i :: !steps
  done;
  List.rev !steps

let collatz_steps n =
  let x = ref n and steps = ref 0 in
  while !x <> 1 do
    (if !x mod 2 = 0 then x := !x / 2 else x := (3 * !x) + 1);
    incr steps
  done;
  !steps

let gcd a b =
  let a = ref a and b = ref b in
  while !b <> 0 do
    let t = !b in
    b := !a mod !b;
    a := t
  done;
  !a

let swap_refs r1 r2 =
  let t = !r1 in
  r1 := !r2;
  r2 := t

let () =
  let total = ref 0 in
  List.iter (fun x -> total := !total + x) (countdown 4);
  decr total;
  Printf.printf "%d %d %d %d\n" (factorial 10) (collatz_steps 27) (gcd 84 36) !total
