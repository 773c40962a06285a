let f x y = match x, y with
  | Some a, Some b -> a + b
  | Some a, None | None, Some a -> a
  | None, None -> 0
let () = print_int (f (Some 1) None)
