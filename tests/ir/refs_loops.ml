let () =
  let total = ref 0 in
  for i = 1 to 10 do total := !total + i done;
  let n = ref 3 in
  while !n > 0 do decr n done;
  print_int (!total + !n)
