(* Escapes in string and char literals, quoted strings and String.escaped. *)
let () =
  print_endline "tab:\tend";
  print_endline "quote:\" backslash:\\ apostrophe:'";
  print_endline "decimal:\065\066\067 hex:\x41\x42";
  print_endline {|raw \n stays "as is"|};
  print_endline {id|with |} inside|id};
  print_string "two\nlines\n";
  print_endline "continued \
                 line";
  Printf.printf "%d\n" (String.length "\n\t\\\"");
  print_endline (String.escaped "a\nb\t\"c\"\\");
  print_char '\''; print_char '\\'; print_char '\n';
  print_endline (Char.escaped '\n' ^ Char.escaped 'x' ^ Char.escaped '\t');
  Printf.printf "%d %d\n" (Char.code '\n') (Char.code '\255')
