(* raise / try with Failure, Not_found, Invalid_argument and user exceptions. *)
exception Empty
exception Bad_value of int
exception Pair_err of string * int

let safe_div a b = if b = 0 then raise (Bad_value a) else a / b

let describe f =
  try Printf.sprintf "ok %d" (f ()) with
  | Failure msg -> "failure: " ^ msg
  | Not_found -> "not found"
  | Invalid_argument msg -> "invalid: " ^ msg
  | Bad_value v -> Printf.sprintf "bad value %d" v
  | Pair_err (s, n) -> Printf.sprintf "pair %s %d" s n
  | Empty -> "empty"

let () =
  print_endline (describe (fun () -> 42));
  print_endline (describe (fun () -> failwith "boom"));
  print_endline (describe (fun () -> List.assoc 3 [(1, 2)]));
  print_endline (describe (fun () -> invalid_arg "negative"));
  print_endline (describe (fun () -> safe_div 7 0));
  print_endline (describe (fun () -> raise (Pair_err ("p", 2))));
  print_endline (describe (fun () -> raise Empty));
  print_endline (describe (fun () -> List.hd []));
  print_endline (describe (fun () -> int_of_string "12x"));
  let nested =
    try (try raise Not_found with Failure _ -> 1) with Not_found -> 2
  in
  Printf.printf "nested %d\n" nested;
  let reraised = try (try raise (Bad_value 5) with e -> raise e) with Bad_value n -> n * 10 in
  Printf.printf "reraised %d\n" reraised;
  let r = ref 0 in
  (try
     for i = 1 to 10 do
       r := i;
       if i = 4 then raise Exit
     done
   with Exit -> ());
  Printf.printf "stopped at %d\n" !r
