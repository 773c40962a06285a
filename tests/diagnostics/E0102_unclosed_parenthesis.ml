let area w h =
  (w * (h + 1)

let () = print_int (area 2 3)
