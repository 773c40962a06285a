let () = Printf.printf "%d items\n" "ten"
