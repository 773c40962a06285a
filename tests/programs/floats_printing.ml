(* Float arithmetic and printing with Printf and string_of_float. *)
let () =
  let xs = [0.0; 1.0; -2.5; 3.14159265; 1e10; 1.5e-7; 100.0 /. 3.0; 2.0 ** 0.5] in
  List.iter (fun x -> Printf.printf "%f | %.3f | %g | %s\n" x x x (string_of_float x)) xs;
  print_float 12.5; print_newline ();
  print_float 3.0; print_newline ();
  Printf.printf "%8.2f|%-8.2f|%08.3f\n" 3.14159 2.71828 (-1.5);
  Printf.printf "%.0f %.1f %.10f\n" 2.5 0.05 (1.0 /. 7.0);
  Printf.printf "%e %.2e\n" 123456.789 0.000123;
  Printf.printf "%g %g %g %g\n" 100000.0 1000000.0 0.0001 0.00001;
  print_endline (string_of_float (float_of_int 7));
  print_endline (string_of_float 0.1);
  print_endline (string_of_float (-0.0));
  print_endline (string_of_float (1.0 /. 0.0));
  print_endline (string_of_float (-1.0 /. 0.0));
  Printf.printf "%d %d %d\n" (int_of_float 3.99) (int_of_float (-3.99)) (truncate 1e3);
  Printf.printf "%f\n" (float_of_string "2.25")
