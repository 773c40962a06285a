let apply_self x = x x
