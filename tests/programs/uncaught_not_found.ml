(* Not_found escaping from List.assoc ends the program (exit 2). *)
let phone_book = [("ann", "555-1234"); ("bob", "555-9876")]

let () =
  List.iter (fun name -> Printf.printf "%s: %s\n" name (List.assoc name phone_book)) ["bob"; "ann"];
  print_endline (List.assoc "carol" phone_book)
