let () =
  let c = 'a' in
  print_int (Char.code c);
  print_float (float_of_int 3 /. 2.);
  print_string (string_of_float 1e10)
