let () = print_int (1 + 2 * 3 - 4 / 2 mod 3); print_newline ()
