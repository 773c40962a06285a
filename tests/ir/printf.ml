let () =
  Printf.printf "%5d|%-5s|%.3f|%g|%c|%b|%x%%\n" 42 "ab" 3.14159 0.1 'z' true 255;
  let s = Printf.sprintf "[%s]" "x" in print_endline s
