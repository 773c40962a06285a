(* A recursive parameterised variant: binary search trees. *)
type 'a tree = Leaf | Node of 'a tree * 'a * 'a tree

let rec insert cmp x = function
  | Leaf -> Node (Leaf, x, Leaf)
  | Node (l, v, r) as t ->
      let c = cmp x v in
      if c < 0 then Node (insert cmp x l, v, r)
      else if c > 0 then Node (l, v, insert cmp x r)
      else t

let rec to_list = function Leaf -> [] | Node (l, v, r) -> to_list l @ [v] @ to_list r
let rec height = function Leaf -> 0 | Node (l, _, r) -> 1 + max (height l) (height r)
let rec size = function Leaf -> 0 | Node (l, _, r) -> size l + 1 + size r
let rec mem cmp x = function
  | Leaf -> false
  | Node (l, v, r) -> let c = cmp x v in c = 0 || (if c < 0 then mem cmp x l else mem cmp x r)

let () =
  let t = List.fold_left (fun t x -> insert compare x t) Leaf [50; 30; 70; 20; 40; 60; 80; 30; 65] in
  print_endline (String.concat " " (List.map string_of_int (to_list t)));
  Printf.printf "size %d height %d\n" (size t) (height t);
  Printf.printf "%b %b\n" (mem compare 65 t) (mem compare 66 t);
  let words = List.fold_left (fun t w -> insert String.compare w t) Leaf ["pear"; "apple"; "fig"; "kiwi"; "apple"] in
  print_endline (String.concat "," (to_list words))
