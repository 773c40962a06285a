(* Output to standard error: prerr_* and Printf.eprintf, mixed with standard output. *)
let () =
  print_endline "to stdout";
  prerr_endline "to stderr";
  Printf.eprintf "eprintf %d %s\n" 7 "seven";
  prerr_string "no newline, ";
  prerr_int 42;
  prerr_newline ();
  Printf.printf "stdout again %.2f\n" 1.5;
  prerr_char 'c';
  prerr_float 2.5;
  prerr_newline ();
  print_string "end"; print_newline ()
