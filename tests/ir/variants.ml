type shape = Circle of int | Rect of int * int | Empty
let area = function Circle r -> 3 * r * r | Rect (w, h) -> w * h | Empty -> 0
let () = print_int (area (Rect (2, 3)) + area Empty + area (Circle 1))
