(* Characters: a Caesar cipher and character classification. *)
let is_lower c = c >= 'a' && c <= 'z'
let is_upper c = c >= 'A' && c <= 'Z'

let shift_char k c =
  let rotate base = Char.chr (Char.code base + ((Char.code c - Char.code base + k) mod 26)) in
  if is_lower c then rotate 'a' else if is_upper c then rotate 'A' else c

let encrypt k s = String.map (shift_char k) s
let decrypt k s = encrypt (26 - (k mod 26)) s

let letter_frequencies s =
  let counts = ref [] in
  String.iter
    (fun c ->
      if is_lower c then
        counts :=
          (match List.assoc_opt c !counts with
           | Some n -> (c, n + 1) :: List.remove_assoc c !counts
           | None -> (c, 1) :: !counts))
    s;
  List.sort compare !counts

let () =
  let secret = encrypt 3 "Hello, World" in
  print_endline secret;
  print_endline (decrypt 3 secret);
  List.iter (fun (c, n) -> Printf.printf "%c:%d " c n) (letter_frequencies "banana");
  print_newline ()
