type point = { x : int; y : int }
let move p = { p with x = p.x + 1 }
let norm { x; y } = x * x + y * y
let () = print_int (norm (move { x = 1; y = 2 }))
