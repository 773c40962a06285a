(* Characters: codes, conversions, case, comparisons. *)
let rot13 c =
  if c >= 'a' && c <= 'z' then Char.chr ((Char.code c - 97 + 13) mod 26 + 97)
  else if c >= 'A' && c <= 'Z' then Char.chr ((Char.code c - 65 + 13) mod 26 + 65)
  else c

let () =
  Printf.printf "%d %c\n" (Char.code 'A') (Char.chr 98);
  Printf.printf "%d %c\n" (int_of_char '0') (char_of_int 122);
  Printf.printf "%c %c\n" (Char.uppercase_ascii 'q') (Char.lowercase_ascii 'Q');
  Printf.printf "%b %b %d\n" ('a' < 'b') (Char.equal 'x' 'x') (Char.compare 'a' 'c');
  print_endline (String.map rot13 "Hello, World!");
  print_endline (String.map rot13 (String.map rot13 "round trip"));
  let digits = String.init 10 (fun i -> Char.chr (48 + i)) in
  print_endline digits;
  let count = ref 0 in
  String.iter (fun c -> if c = 'l' then incr count) "hello world";
  Printf.printf "l appears %d times\n" !count;
  String.iteri (fun i c -> if i mod 2 = 0 then print_char c) "abcdefg";
  print_newline ();
  print_string (Char.escaped '\\'); print_newline ();
  (try ignore (Char.chr 300) with Invalid_argument m -> print_endline m)
