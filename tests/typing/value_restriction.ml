(* The value restriction: expansive bindings get weak type variables. *)
let empty_cell = ref []
let cell_used () = empty_cell := [1; 2]

let last_seen = ref None

let map_all = List.map
let map_partial = List.map (fun x -> x)
let map_eta l = List.map (fun x -> x) l

let pairs_with = List.combine
let make_pair x = (x, x)
let pair_up = List.map make_pair

let counter () =
  let n = ref 0 in
  fun () -> incr n; !n

let next_id = counter ()

let remember x =
  last_seen := Some (x + 1)

let fresh_list () = ref []

let () =
  cell_used ();
  remember (next_id ());
  print_int (List.length (map_partial [ 1; 2 ]) + List.length (pair_up [ "a" ]) + List.length !(fresh_list ()))
