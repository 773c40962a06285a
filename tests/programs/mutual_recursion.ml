(* Mutually recursive functions and types. *)
let rec is_even n = if n = 0 then true else is_odd (n - 1)
and is_odd n = if n = 0 then false else is_even (n - 1)

type tree = Node of string * forest
and forest = Nil | Cons of tree * forest

let rec count_tree (Node (_, f)) = 1 + count_forest f
and count_forest = function Nil -> 0 | Cons (t, rest) -> count_tree t + count_forest rest

let rec labels (Node (l, f)) = l :: forest_labels f
and forest_labels = function Nil -> [] | Cons (t, rest) -> labels t @ forest_labels rest

let () =
  Printf.printf "%b %b %b\n" (is_even 10) (is_odd 7) (is_even 100001);
  let t = Node ("root", Cons (Node ("a", Nil), Cons (Node ("b", Cons (Node ("c", Nil), Nil)), Nil))) in
  Printf.printf "%d nodes: %s\n" (count_tree t) (String.concat " " (labels t));
  let rec ping n acc = if n = 0 then acc else pong (n - 1) (acc ^ "ping ")
  and pong n acc = if n = 0 then acc else ping (n - 1) (acc ^ "pong ") in
  print_endline (ping 5 "")
