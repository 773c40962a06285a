(* function, or-patterns, as-patterns, guards and nested patterns. *)
type token = Int of int | Plus | Minus | Times | LParen | RParen | Ident of string

let is_operator = function Plus | Minus | Times -> true | _ -> false

let precedence = function
  | Plus | Minus -> 1
  | Times -> 2
  | Int _ | LParen | RParen | Ident _ -> 0

let describe = function
  | Int n when n < 0 -> "negative"
  | Int 0 -> "zero"
  | Int _ -> "positive"
  | Ident ("x" | "y" | "z") -> "coordinate"
  | Ident s when String.length s > 8 -> "long name"
  | Ident _ -> "name"
  | (Plus | Minus | Times) as op -> "operator " ^ string_of_int (precedence op)
  | LParen | RParen -> "parenthesis"

let rec dedup = function
  | (x :: (y :: _ as rest)) when x = y -> dedup rest
  | x :: rest -> x :: dedup rest
  | [] -> []

let classify_pair = function
  | (0, 0) -> "origin"
  | (0, _) | (_, 0) -> "axis"
  | (x, y) when x = y -> "diagonal"
  | ((a, _) as p) -> if a > 0 then "right " ^ string_of_int (fst p) else "left"

let first_char = function "" -> None | s -> Some (String.get s 0)

let () =
  List.iter (fun t -> print_endline (describe t)) [ Int (-1); Int 0; Ident "y"; Times; LParen ];
  print_int (List.length (dedup [ 1; 1; 2; 3; 3; 3 ]));
  print_endline (classify_pair (2, 2));
  if is_operator Plus && first_char "ab" = Some 'a' then print_endline "ok"
