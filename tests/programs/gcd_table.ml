(* gcd and lcm printed as an aligned table. *)
let rec gcd a b = if b = 0 then abs a else gcd b (a mod b)
let lcm a b = if a = 0 || b = 0 then 0 else abs (a * b) / gcd a b

let () =
  let ns = [4; 6; 9; 12; 35] in
  Printf.printf "%4s" "";
  List.iter (fun n -> Printf.printf "%5d" n) ns;
  print_newline ();
  List.iter (fun a ->
      Printf.printf "%4d" a;
      List.iter (fun b -> Printf.printf "%5d" (gcd a b)) ns;
      print_newline ()) ns;
  Printf.printf "lcm 4 6 = %d, lcm 21 6 = %d, gcd -12 18 = %d\n" (lcm 4 6) (lcm 21 6) (gcd (-12) 18);
  let rec ext_gcd a b = if b = 0 then (a, 1, 0) else
      let (g, x, y) = ext_gcd b (a mod b) in (g, y, x - (a / b) * y) in
  let (g, x, y) = ext_gcd 240 46 in
  Printf.printf "%d = 240*%d + 46*%d\n" g x y
