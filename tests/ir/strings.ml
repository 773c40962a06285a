let () =
  let s = "hello" ^ " " ^ "world" in
  print_endline (String.sub s 0 5);
  print_int (String.length s)
