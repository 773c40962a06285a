let describe n = match n with
  | _ -> "many"
  | 1 -> "one"
