type 'a pair = Pair of 'a * 'b
