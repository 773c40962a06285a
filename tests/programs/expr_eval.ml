(* An expression language: variants with arguments, recursion, environments. *)
type expr =
  | Num of int
  | Var of string
  | Add of expr * expr
  | Mul of expr * expr
  | Neg of expr
  | Let of string * expr * expr
  | If of expr * expr * expr

exception Unbound of string

let rec eval env = function
  | Num n -> n
  | Var x -> (try List.assoc x env with Not_found -> raise (Unbound x))
  | Add (a, b) -> eval env a + eval env b
  | Mul (a, b) -> eval env a * eval env b
  | Neg e -> - (eval env e)
  | Let (x, e, body) -> eval ((x, eval env e) :: env) body
  | If (c, t, e) -> if eval env c <> 0 then eval env t else eval env e

let rec show = function
  | Num n -> string_of_int n
  | Var x -> x
  | Add (a, b) -> "(" ^ show a ^ " + " ^ show b ^ ")"
  | Mul (a, b) -> show a ^ " * " ^ show b
  | Neg e -> "-" ^ show e
  | Let (x, e, b) -> "let " ^ x ^ " = " ^ show e ^ " in " ^ show b
  | If (c, t, e) -> "if " ^ show c ^ " then " ^ show t ^ " else " ^ show e

let rec simplify = function
  | Add (Num 0, e) | Add (e, Num 0) -> simplify e
  | Mul (Num 1, e) | Mul (e, Num 1) -> simplify e
  | Mul (Num 0, _) | Mul (_, Num 0) -> Num 0
  | Add (a, b) -> Add (simplify a, simplify b)
  | Mul (a, b) -> Mul (simplify a, simplify b)
  | Neg (Neg e) -> simplify e
  | e -> e

let () =
  let e = Let ("x", Num 5, Add (Mul (Var "x", Num 2), Neg (Num 3))) in
  Printf.printf "%s = %d\n" (show e) (eval [] e);
  let c = If (Add (Var "y", Num (-1)), Num 10, Num 20) in
  Printf.printf "%d %d\n" (eval [("y", 1)] c) (eval [("y", 2)] c);
  print_endline (show (simplify (Add (Num 0, Mul (Num 1, Neg (Neg (Var "z")))))));
  (try ignore (eval [] (Var "w")) with Unbound x -> Printf.printf "unbound %s\n" x)
