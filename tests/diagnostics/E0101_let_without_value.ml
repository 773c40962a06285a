let compute x =
  let y = in
  x + y
