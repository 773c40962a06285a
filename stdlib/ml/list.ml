(* List: OCaml's list functions, with OCaml's results, exceptions and order of calls
   (user functions are called from the first element to the last). Functions that build
   lists are tail-recursive where OCaml's are, so long lists do not exhaust the stack.
   Interface: stdlib/mli/list.mli. *)

let length l =
  let rec count n l = match l with [] -> n | _ :: rest -> count (n + 1) rest in
  count 0 l

let rec compare_lengths a b = match (a, b) with
  | ([], []) -> 0
  | ([], _) -> -1
  | (_, []) -> 1
  | (_ :: ra, _ :: rb) -> compare_lengths ra rb

let cons x l = x :: l

let hd l = match l with [] -> failwith "hd" | x :: _ -> x

let tl l = match l with [] -> failwith "tl" | _ :: rest -> rest

let nth l n =
  if n < 0 then invalid_arg "List.nth"
  else
    let rec go l n = match l with
      | [] -> failwith "nth"
      | x :: rest -> if n = 0 then x else go rest (n - 1)
    in
    go l n

let nth_opt l n =
  if n < 0 then invalid_arg "List.nth"
  else
    let rec go l n = match l with
      | [] -> None
      | x :: rest -> if n = 0 then Some x else go rest (n - 1)
    in
    go l n

let rec rev_append l acc = match l with
  | [] -> acc
  | x :: rest -> rev_append rest (x :: acc)

let rev l = rev_append l []

let init n f =
  if n < 0 then invalid_arg "List.init"
  else
    let rec build i acc = if i >= n then rev acc else build (i + 1) (f i :: acc) in
    build 0 []

let append a b = a @ b

let rec concat ls = match ls with
  | [] -> []
  | l :: rest -> l @ concat rest

let flatten ls = concat ls

let rec iter (f : 'a -> unit) l = match l with
  | [] -> ()
  | x :: rest ->
      f x;
      iter f rest

let iteri (f : int -> 'a -> unit) l =
  let rec go i l = match l with
    | [] -> ()
    | x :: rest ->
        f i x;
        go (i + 1) rest
  in
  go 0 l

let rec map f l = match l with
  | [] -> []
  | x :: rest ->
      let y = f x in
      y :: map f rest

let mapi f l =
  let rec go i l = match l with
    | [] -> []
    | x :: rest ->
        let y = f i x in
        y :: go (i + 1) rest
  in
  go 0 l

let rev_map f l =
  let rec go l acc = match l with
    | [] -> acc
    | x :: rest -> go rest (f x :: acc)
  in
  go l []

let filter_map f l =
  let rec go l acc = match l with
    | [] -> rev acc
    | x :: rest -> (match f x with Some y -> go rest (y :: acc) | None -> go rest acc)
  in
  go l []

let concat_map f l =
  let rec go l acc = match l with
    | [] -> rev acc
    | x :: rest -> go rest (rev_append (f x) acc)
  in
  go l []

let rec fold_left f acc l = match l with
  | [] -> acc
  | x :: rest -> fold_left f (f acc x) rest

let rec fold_right f l acc = match l with
  | [] -> acc
  | x :: rest -> f x (fold_right f rest acc)

let rec iter2 (f : 'a -> 'b -> unit) a b = match (a, b) with
  | ([], []) -> ()
  | (x :: ra, y :: rb) ->
      f x y;
      iter2 f ra rb
  | _ -> invalid_arg "List.iter2"

let rec map2 f a b = match (a, b) with
  | ([], []) -> []
  | (x :: ra, y :: rb) ->
      let z = f x y in
      z :: map2 f ra rb
  | _ -> invalid_arg "List.map2"

let rec for_all p l = match l with
  | [] -> true
  | x :: rest -> p x && for_all p rest

let rec exists p l = match l with
  | [] -> false
  | x :: rest -> p x || exists p rest

let rec for_all2 p a b = match (a, b) with
  | ([], []) -> true
  | (x :: ra, y :: rb) -> p x y && for_all2 p ra rb
  | _ -> invalid_arg "List.for_all2"

let rec exists2 p a b = match (a, b) with
  | ([], []) -> false
  | (x :: ra, y :: rb) -> p x y || exists2 p ra rb
  | _ -> invalid_arg "List.exists2"

let rec mem x l = match l with
  | [] -> false
  | y :: rest -> compare y x = 0 || mem x rest

let rec memq x l = match l with
  | [] -> false
  | y :: rest -> y == x || memq x rest

let rec find p l = match l with
  | [] -> raise Not_found
  | x :: rest -> if p x then x else find p rest

let rec find_opt p l = match l with
  | [] -> None
  | x :: rest -> if p x then Some x else find_opt p rest

let filter p l =
  let rec go l acc = match l with
    | [] -> rev acc
    | x :: rest -> if p x then go rest (x :: acc) else go rest acc
  in
  go l []

let find_all p l = filter p l

let partition p l =
  let rec go l yes no = match l with
    | [] -> (rev yes, rev no)
    | x :: rest -> if p x then go rest (x :: yes) no else go rest yes (x :: no)
  in
  go l [] []

let rec assoc k l = match l with
  | [] -> raise Not_found
  | (a, v) :: rest -> if compare a k = 0 then v else assoc k rest

let rec assoc_opt k l = match l with
  | [] -> None
  | (a, v) :: rest -> if compare a k = 0 then Some v else assoc_opt k rest

let rec mem_assoc k l = match l with
  | [] -> false
  | (a, _) :: rest -> compare a k = 0 || mem_assoc k rest

let rec remove_assoc k l = match l with
  | [] -> []
  | ((a, _) as pair) :: rest -> if compare a k = 0 then rest else pair :: remove_assoc k rest

let split l =
  let rec go l xs ys = match l with
    | [] -> (rev xs, rev ys)
    | (x, y) :: rest -> go rest (x :: xs) (y :: ys)
  in
  go l [] []

let combine a b =
  let rec go a b acc = match (a, b) with
    | ([], []) -> rev acc
    | (x :: ra, y :: rb) -> go ra rb ((x, y) :: acc)
    | _ -> invalid_arg "List.combine"
  in
  go a b []

(* Merges two sorted lists; on ties the element of [a] comes first. *)
let merge cmp a b =
  let rec go a b acc = match (a, b) with
    | ([], rest) | (rest, []) -> rev_append acc rest
    | (x :: ra, y :: rb) -> if cmp x y <= 0 then go ra b (x :: acc) else go a rb (y :: acc)
  in
  go a b []

(* A stable merge sort: runs of one element merged pairwise until one run is left. *)
let stable_sort cmp l =
  let rec merge_pairs runs acc = match runs with
    | a :: b :: rest -> merge_pairs rest (merge cmp a b :: acc)
    | [a] -> rev (a :: acc)
    | [] -> rev acc
  in
  let rec settle runs = match runs with
    | [] -> []
    | [run] -> run
    | _ -> settle (merge_pairs runs [])
  in
  settle (map (fun x -> [x]) l)

let sort cmp l = stable_sort cmp l

(* Sorted, keeping the first of equal elements. *)
let sort_uniq cmp l =
  let rec dedup l acc = match l with
    | x :: (y :: _ as rest) -> if cmp x y = 0 then dedup (x :: tl rest) acc else dedup rest (x :: acc)
    | [x] -> rev (x :: acc)
    | [] -> rev acc
  in
  dedup (stable_sort cmp l) []
