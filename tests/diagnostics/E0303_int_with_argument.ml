type counts = string int
