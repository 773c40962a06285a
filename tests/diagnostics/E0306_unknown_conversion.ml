let show n = Printf.sprintf "value: %y" n
