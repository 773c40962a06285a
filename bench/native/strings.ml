(* Strings: building lines with Printf.sprintf, ^ and String.concat, slicing them with
   String.sub and reading them back byte by byte. *)

let checksum s =
  let h = ref 0 in
  for i = 0 to String.length s - 1 do
    h := (!h * 31 + Char.code (String.get s i)) land 0xffffff
  done;
  !h

let line i =
  let head = Printf.sprintf "%5d|%-8s|%x|" i (string_of_int (i * 7)) (i * 13) in
  head ^ String.make (i mod 7) 'z' ^ "|" ^ Printf.sprintf "%.2f" (float_of_int i /. 8.)

let initials words =
  List.fold_left (fun acc w -> if String.length w > 3 then String.sub w 1 2 :: acc else acc) [] words

let () =
  let total = ref 0 in
  for round = 1 to 15 do
    let parts = ref [] in
    for i = 1 to 6000 do
      parts := line (i + round) :: !parts
    done;
    let text = String.concat "\n" !parts in
    let words = String.split_on_char '|' text in
    let joined = String.concat "," (initials words) in
    total := (!total + checksum text + checksum joined) land 0xffffff;
    if round mod 5 = 0 then Printf.printf "round %d: %d bytes, %d words\n" round (String.length text) (List.length words)
  done;
  Printf.printf "checksum %d\n" !total
