let out = Printf.printf
