(* The String functions of the subset. *)
let () =
  let s = "hello, world" in
  Printf.printf "%d\n" (String.length s);
  print_endline (String.sub s 7 5);
  (match String.index_from_opt s 0 ',' with
   | Some i -> Printf.printf "comma at %d\n" i
   | None -> print_endline "no comma");
  (match String.index_from_opt s 6 ',' with
   | Some i -> Printf.printf "comma at %d\n" i
   | None -> print_endline "no comma after 6");
  print_endline (String.concat "-" ["a"; "b"; "c"]);
  print_endline (String.concat "" []);
  Printf.printf "%b %b\n" (String.equal "abc" "abc") (String.equal "abc" "abd");
  print_endline (String.make 5 '*');
  print_endline (string_of_int 123 ^ "/" ^ string_of_int (-45));
  Printf.printf "%d\n" (int_of_string "-17" + 1);
  (match int_of_string_opt "0x1f" with Some n -> Printf.printf "hex %d\n" n | None -> print_endline "none");
  (match int_of_string_opt "12abc" with Some n -> Printf.printf "%d\n" n | None -> print_endline "not an int");
  Printf.printf "%c %c\n" (String.get s 0) (String.get s 4);
  print_endline (String.uppercase_ascii s);
  print_endline (String.capitalize_ascii "ocaml");
  print_endline (String.trim "   padded \t\n");
  List.iter (fun w -> Printf.printf "<%s>" w) (String.split_on_char ' ' "one two  three");
  print_newline ();
  Printf.printf "%b %b\n" (String.contains s 'w') (String.contains s 'z');
  Printf.printf "%d %d\n" (String.index s 'o') (String.rindex s 'o');
  print_endline (String.map (fun c -> if c = 'l' then 'L' else c) s);
  print_endline (String.init 6 (fun i -> Char.chr (97 + i)));
  Printf.printf "%d\n" (String.compare "apple" "banana")
