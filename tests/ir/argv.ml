let () =
  let n = Array.length Sys.argv in
  if n > 1 then print_endline Sys.argv.(1) else print_endline "no args"
