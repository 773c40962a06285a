(* mod, division and the bitwise operators, with negative operands. *)
let bits n =
  let rec go n acc k = if k = 0 then acc else go (n lsr 1) (string_of_int (n land 1) ^ acc) (k - 1) in
  go n "" 8

let () =
  Printf.printf "%d %d %d %d\n" (17 mod 5) (-17 mod 5) (17 mod -5) (-17 mod -5);
  Printf.printf "%d %d %d %d\n" (17 / 5) (-17 / 5) (17 / -5) (-17 / -5);
  Printf.printf "%d %d %d\n" (0xF0 land 0x3C) (0xF0 lor 0x0F) (0xFF lxor 0x0F);
  Printf.printf "%d %d %d\n" (1 lsl 10) (1024 lsr 3) (-1024 asr 3);
  Printf.printf "%d\n" (-1 lsr 1);
  Printf.printf "%d %d\n" (lnot 0) (lnot 5);
  Printf.printf "%d\n" (1 lsl 62);
  Printf.printf "%d\n" (1 lsl 63);
  print_endline (bits 5);
  print_endline (bits 200);
  let popcount n = let rec go n c = if n = 0 then c else go (n land (n - 1)) (c + 1) in go n 0 in
  Printf.printf "%d %d\n" (popcount 255) (popcount 0x5555);
  Printf.printf "%x %X %o\n" 48879 48879 8;
  let swap a b = let a = a lxor b in let b = a lxor b in let a = a lxor b in (a, b) in
  let (x, y) = swap 3 9 in
  Printf.printf "%d %d\n" x y
