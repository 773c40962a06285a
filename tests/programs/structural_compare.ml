(* Structural equality and compare on ints, strings, tuples, lists, variants, options. *)
type color = Red | Green | Blue of int | Mix of color * color

let sign n = if n < 0 then -1 else if n > 0 then 1 else 0

let () =
  Printf.printf "%d %d %d\n" (compare 1 2) (compare "b" "a") (compare (1, "x") (1, "x"));
  Printf.printf "%d %d\n" (sign (compare "abc" "abd")) (sign (compare "ab" "abc"));
  Printf.printf "%d %d\n" (compare [1; 2] [1; 3]) (compare [1; 2; 3] [1; 2]);
  Printf.printf "%d %d %d\n" (compare Red Green) (compare (Blue 1) Green) (compare (Blue 2) (Blue 1));
  Printf.printf "%d\n" (compare (Mix (Red, Blue 3)) (Mix (Red, Blue 4)));
  Printf.printf "%b %b %b\n" (Mix (Red, Green) = Mix (Red, Green)) (Blue 1 <> Blue 1) ((1, 'a') < (1, 'b'));
  Printf.printf "%b %b\n" (None < Some 1) (Some 2 > Some 1);
  Printf.printf "%b %b\n" ("Zebra" < "apple") (max "pear" "peach" = "pear");
  Printf.printf "%d %d\n" (min 3 (-3)) (max 3 (-3));
  let sorted = List.sort compare [Blue 3; Red; Mix (Green, Red); Green; Blue 1] in
  let rec name = function
    | Red -> "R" | Green -> "G" | Blue n -> "B" ^ string_of_int n
    | Mix (a, b) -> "M(" ^ name a ^ "," ^ name b ^ ")" in
  print_endline (String.concat " " (List.map name sorted));
  let s1 = "same" and s2 = String.concat "" ["sa"; "me"] in
  Printf.printf "%b %b\n" (s1 = s2) (s1 == s1);
  Printf.printf "%b\n" (compare true false > 0);
  Printf.printf "%b\n" ([[1]; [2; 3]] = [[1]; [2; 3]])
