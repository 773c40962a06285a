(* A polymorphic map as a binary search tree with a comparison function. *)
type ('k, 'v) map = Empty | Bind of ('k, 'v) map * 'k * 'v * ('k, 'v) map

let rec add cmp k v = function
  | Empty -> Bind (Empty, k, v, Empty)
  | Bind (l, k', v', r) ->
      let c = cmp k k' in
      if c = 0 then Bind (l, k, v, r)
      else if c < 0 then Bind (add cmp k v l, k', v', r)
      else Bind (l, k', v', add cmp k v r)

let rec find cmp k = function
  | Empty -> raise Not_found
  | Bind (l, k', v, r) -> let c = cmp k k' in if c = 0 then v else find cmp k (if c < 0 then l else r)

let rec fold f m acc = match m with
  | Empty -> acc
  | Bind (l, k, v, r) -> fold f l (f k v (fold f r acc))

let () =
  let m = List.fold_left (fun m (k, v) -> add compare k v m) Empty [("one", 1); ("two", 2); ("three", 3); ("two", 22)] in
  Printf.printf "%d %d\n" (find compare "two" m) (find compare "three" m);
  (try ignore (find compare "four" m) with Not_found -> print_endline "four: Not_found");
  print_endline (String.concat " " (fold (fun k v acc -> (k ^ "=" ^ string_of_int v) :: acc) m []));
  let by_length a b = compare (String.length a) (String.length b) in
  let m2 = List.fold_left (fun m s -> add by_length s (String.length s) m) Empty ["aa"; "b"; "cc"; "ddd"] in
  print_endline (String.concat " " (fold (fun k _ acc -> k :: acc) m2 []))
