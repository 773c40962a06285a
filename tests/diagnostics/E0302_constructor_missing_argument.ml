type shape = Circle of float | Rect of float * float

let unit_square = Rect 1.0
