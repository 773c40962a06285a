(* Patterns: guards, or-patterns, as, nested tuples/lists/constructors, literals. *)
type shape = Circle of float | Rect of float * float | Square of float

let classify = function
  | 0 -> "zero"
  | 1 | 2 | 3 -> "small"
  | n when n < 0 -> "negative"
  | n when n mod 2 = 0 -> "even"
  | _ -> "odd"

let area = function
  | Circle r -> 3.0 *. r *. r
  | Rect (w, h) -> w *. h
  | Square s -> s *. s

let describe_list = function
  | [] -> "empty"
  | [x] -> "one: " ^ string_of_int x
  | [x; y] -> Printf.sprintf "two: %d %d" x y
  | x :: (y :: _ as rest) when x = y -> Printf.sprintf "starts with a pair, %d more" (List.length rest - 1)
  | x :: _ :: _ -> "many from " ^ string_of_int x

let rec dedup = function
  | a :: (b :: _ as t) when a = b -> dedup t
  | a :: t -> a :: dedup t
  | [] -> []

let char_kind = function
  | 'a' | 'e' | 'i' | 'o' | 'u' -> "vowel"
  | c when c >= 'a' && c <= 'z' -> "consonant"
  | c when c >= '0' && c <= '9' -> "digit"
  | _ -> "other"

let () =
  List.iter (fun n -> Printf.printf "%d:%s " n (classify n)) [0; 2; -5; 10; 7];
  print_newline ();
  List.iter (fun s -> Printf.printf "%.1f " (area s)) [Circle 1.0; Rect (2.0, 3.0); Square 4.0];
  print_newline ();
  List.iter (fun l -> print_endline (describe_list l)) [[]; [1]; [1; 2]; [3; 3; 4; 5]; [4; 5; 6]];
  print_endline (String.concat "," (List.map string_of_int (dedup [1; 1; 2; 3; 3; 3; 1])));
  List.iter (fun c -> Printf.printf "%c=%s " c (char_kind c)) ['a'; 'x'; '7'; '?'];
  print_newline ();
  let ((a, b), (c, _)) = ((1, 2), (3, 4)) in
  Printf.printf "%d\n" (a + b + c);
  (match (Some (1, "x"), [Some 2; None]) with
   | (Some (n, s), [Some m; None]) -> Printf.printf "nested %d %s %d\n" n s m
   | _ -> print_endline "no");
  match "hello" with
  | "hi" -> print_endline "short"
  | "hello" as h -> print_endline ("long " ^ h)
  | _ -> ()
