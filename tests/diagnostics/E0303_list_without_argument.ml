let first (l : list) = List.hd l
