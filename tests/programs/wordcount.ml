(* Word frequencies with association lists, sorted by count then word. *)
let text = "the quick brown fox jumps over the lazy dog the fox barks and the dog runs"

let count words =
  List.fold_left
    (fun acc w ->
      match List.assoc_opt w acc with
      | Some n -> (w, n + 1) :: List.remove_assoc w acc
      | None -> (w, 1) :: acc)
    [] words

let () =
  let words = List.filter (fun w -> w <> "") (String.split_on_char ' ' text) in
  let counts = count words in
  let sorted = List.sort (fun (w1, c1) (w2, c2) -> if c1 <> c2 then compare c2 c1 else compare w1 w2) counts in
  List.iter (fun (w, c) -> Printf.printf "%-6s %2d\n" w c) sorted;
  Printf.printf "%d words, %d distinct\n" (List.length words) (List.length counts);
  let longest = List.fold_left (fun best w -> if String.length w > String.length best then w else best) "" words in
  Printf.printf "longest: %s\n" longest
