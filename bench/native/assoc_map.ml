(* An association map: a hand-written AVL tree keyed by strings (inserts, lookups,
   removals, folds), next to association lists for small maps. *)

type 'v map = Empty | Node of 'v map * string * 'v * 'v map * int

let height m = match m with Empty -> 0 | Node (_, _, _, _, h) -> h

let node l k v r = Node (l, k, v, r, 1 + max (height l) (height r))

let balance l k v r =
  let hl = height l and hr = height r in
  if hl > hr + 1 then
    match l with
    | Node (ll, lk, lv, lr, _) when height ll >= height lr -> node ll lk lv (node lr k v r)
    | Node (ll, lk, lv, Node (lrl, lrk, lrv, lrr, _), _) -> node (node ll lk lv lrl) lrk lrv (node lrr k v r)
    | _ -> node l k v r
  else if hr > hl + 1 then
    match r with
    | Node (rl, rk, rv, rr, _) when height rr >= height rl -> node (node l k v rl) rk rv rr
    | Node (Node (rll, rlk, rlv, rlr, _), rk, rv, rr, _) -> node (node l k v rll) rlk rlv (node rlr rk rv rr)
    | _ -> node l k v r
  else node l k v r

let rec add k v m =
  match m with
  | Empty -> Node (Empty, k, v, Empty, 1)
  | Node (l, k2, v2, r, h) ->
    let c = compare k k2 in
    if c = 0 then Node (l, k, v, r, h)
    else if c < 0 then balance (add k v l) k2 v2 r
    else balance l k2 v2 (add k v r)

let rec find_opt k m =
  match m with
  | Empty -> None
  | Node (l, k2, v, r, _) ->
    let c = compare k k2 in
    if c = 0 then Some v else if c < 0 then find_opt k l else find_opt k r

let rec min_binding m =
  match m with
  | Empty -> raise Not_found
  | Node (Empty, k, v, _, _) -> (k, v)
  | Node (l, _, _, _, _) -> min_binding l

let rec remove_min m =
  match m with
  | Empty -> Empty
  | Node (Empty, _, _, r, _) -> r
  | Node (l, k, v, r, _) -> balance (remove_min l) k v r

let rec remove k m =
  match m with
  | Empty -> Empty
  | Node (l, k2, v, r, _) ->
    let c = compare k k2 in
    if c = 0 then
      match (l, r) with
      | Empty, _ -> r
      | _, Empty -> l
      | _ ->
        let mk, mv = min_binding r in
        balance l mk mv (remove_min r)
    else if c < 0 then balance (remove k l) k2 v r
    else balance l k2 v (remove k r)

let rec fold f m acc = match m with Empty -> acc | Node (l, k, v, r, _) -> fold f r (f k v (fold f l acc))

let key i = "key" ^ string_of_int ((i * 7919) mod 50000)

let () =
  let m = ref Empty in
  for i = 1 to 60000 do
    let k = key i in
    let old = match find_opt k !m with Some n -> n | None -> 0 in
    m := add k (old + i) !m
  done;
  for i = 1 to 20000 do
    m := remove (key (3 * i)) !m
  done;
  let hits = ref 0 in
  for i = 1 to 150000 do
    match find_opt (key i) !m with Some v -> hits := (!hits + v) land 0xffffff | None -> ()
  done;
  let size = fold (fun _ _ n -> n + 1) !m 0 in
  let small = ref [] in
  for i = 1 to 100000 do
    let k = i mod 23 in
    let v = match List.assoc_opt k !small with Some v -> v + 1 | None -> 1 in
    small := (k, v) :: List.remove_assoc k !small
  done;
  Printf.printf "size %d hits %d small %d\n" size !hits (List.fold_left (fun a (_, v) -> a + v) 0 !small)
