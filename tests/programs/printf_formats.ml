(* Printf with flags, widths and precisions. *)
let () =
  Printf.printf "[%d] [%5d] [%-5d] [%05d] [%+d] [% d]\n" 42 42 42 42 42 42;
  Printf.printf "[%i] [%x] [%X] [%o] [%#x]\n" (-7) 255 255 8 255;
  Printf.printf "[%s] [%8s] [%-8s] [%.2s]\n" "abc" "abc" "abc" "abcdef";
  Printf.printf "[%c] [%b] [%B] [%%]\n" 'z' true false;
  Printf.printf "[%f] [%.3f] [%10.2f] [%-10.1f] [%e] [%g] [%G]\n" 3.14159 3.14159 2.5 2.5 1234.5 0.0001 1e20;
  let s = Printf.sprintf "%s=%d" "x" 10 in
  print_endline s;
  let both = Printf.sprintf "%s:%i" in
  print_endline (both "port" 9000);
  Printf.printf "%d%%\n" 50
