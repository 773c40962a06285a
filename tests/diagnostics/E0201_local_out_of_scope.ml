let area r =
  let pi = 3.14159 in
  pi *. r *. r

let circumference r = 2.0 *. pi *. r
