(* Options: construction, matching, defaults and chaining. *)
let find_user id users = List.assoc_opt id users

let default d = function Some x -> x | None -> d

let ( >>= ) o f = match o with Some x -> f x | None -> None

let first_some a b = match a with Some _ -> a | None -> b

let rec all_some = function
  | [] -> Some []
  | None :: _ -> None
  | Some x :: rest -> (
    match all_some rest with Some xs -> Some (x :: xs) | None -> None)

let users = [ (1, "ada"); (2, "grace") ]

let name_length id = find_user id users >>= fun name -> Some (String.length name)

let lookup_port s = int_of_string_opt s

let is_some = function Some _ -> true | None -> false

let () =
  print_endline (default "?" (find_user 2 users));
  print_int (default 0 (name_length 1));
  print_int (default (-1) (first_some (lookup_port "x") (lookup_port "8080")));
  print_newline ();
  if is_some (all_some [Some 1; Some 2]) then print_endline "all"
