let sign n =
  if n < 0 -1 else 1
