let rec grow l = grow [l]
let wrap x = x :: x
