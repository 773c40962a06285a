(* A non-exhaustive match raises Match_failure with the file and position. *)
type t = A | B | C

let name x = match x with
  | A -> "a"
  | B -> "b"

let () =
  print_endline (name A);
  (try print_endline (name C) with Match_failure (file, line, col) -> Printf.printf "Match_failure %s %d %d\n" file line col);
  let f = function 0 -> "zero" | 1 -> "one" in
  print_endline (f 1);
  print_endline (f 2)
