let check n = assert (n > 0); n
let () = print_int (check 1); assert false
