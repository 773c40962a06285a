let same (x, x) = x
