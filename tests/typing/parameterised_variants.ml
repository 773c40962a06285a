(* Parameterised variant types, recursive variants and their pattern matching. *)
type 'a tree = Leaf | Node of 'a tree * 'a * 'a tree

type ('k, 'v) binding = Bind of 'k * 'v | Tombstone of 'k

type shape = Circle of float | Rect of float * float | Point

let rec insert cmp x t =
  match t with
  | Leaf -> Node (Leaf, x, Leaf)
  | Node (l, y, r) ->
    if cmp x y < 0 then Node (insert cmp x l, y, r)
    else if cmp x y > 0 then Node (l, y, insert cmp x r)
    else t

let rec to_list t =
  match t with
  | Leaf -> []
  | Node (l, x, r) -> to_list l @ (x :: to_list r)

let rec size = function Leaf -> 0 | Node (l, _, r) -> size l + 1 + size r

let of_list l = List.fold_left (fun t x -> insert compare x t) Leaf l

let key_of = function Bind (k, _) -> k | Tombstone k -> k

let live bindings =
  List.filter (function Bind _ -> true | Tombstone _ -> false) bindings

let area = function
  | Circle r -> 3.14159 *. r *. r
  | Rect (w, h) -> w *. h
  | Point -> 0.0

let sorted = to_list (of_list [5; 3; 8; 1; 4])
let total_area = List.fold_left (fun acc s -> acc +. area s) 0.0 [Circle 1.0; Rect (2.0, 3.0); Point]
