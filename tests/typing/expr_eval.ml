(* A small expression language: evaluation, simplification and printing. *)
type op = Add | Sub | Mul | Div

type expr =
  | Const of int
  | Var of string
  | Binop of op * expr * expr
  | Let of string * expr * expr

exception Unbound of string

let apply op a b =
  match op with
  | Add -> a + b
  | Sub -> a - b
  | Mul -> a * b
  | Div -> if b = 0 then raise Division_by_zero else a / b

let rec eval env = function
  | Const n -> n
  | Var x -> (try List.assoc x env with Not_found -> raise (Unbound x))
  | Binop (op, a, b) -> apply op (eval env a) (eval env b)
  | Let (x, e, body) -> eval ((x, eval env e) :: env) body

let rec simplify = function
  | Binop (Add, Const 0, e) | Binop (Add, e, Const 0) | Binop (Mul, Const 1, e) -> simplify e
  | Binop (Mul, Const 0, _) -> Const 0
  | Binop (op, a, b) -> Binop (op, simplify a, simplify b)
  | Let (x, e, body) -> Let (x, simplify e, simplify body)
  | (Const _ | Var _) as e -> e

let symbol = function Add -> "+" | Sub -> "-" | Mul -> "*" | Div -> "/"

let rec show = function
  | Const n -> string_of_int n
  | Var x -> x
  | Binop (op, a, b) -> "(" ^ show a ^ " " ^ symbol op ^ " " ^ show b ^ ")"
  | Let (x, e, b) -> "let " ^ x ^ " = " ^ show e ^ " in " ^ show b

let sample = Let ("x", Const 5, Binop (Mul, Binop (Add, Var "x", Const 0), Const 2))

let () =
  print_endline (show (simplify sample));
  print_int (eval [] sample);
  print_newline ();
  try ignore (eval [] (Var "y")) with Unbound x -> print_endline ("unbound " ^ x)
