(* Mutually recursive functions and types. *)
type expr = Num of int | Add of expr * expr | Block of stmt list
and stmt = Let of string * expr | Print of expr

let rec is_even n = if n = 0 then true else is_odd (n - 1)
and is_odd n = if n = 0 then false else is_even (n - 1)

let rec eval_expr env = function
  | Num n -> n
  | Add (a, b) -> eval_expr env a + eval_expr env b
  | Block stmts -> exec_block env stmts
and exec_block env = function
  | [] -> 0
  | [ Print e ] -> eval_expr env e
  | Let (_, e) :: rest -> ignore (eval_expr env e); exec_block env rest
  | Print e :: rest -> print_int (eval_expr env e); exec_block env rest

let rec count_exprs = function
  | Num _ -> 1
  | Add (a, b) -> 1 + count_exprs a + count_exprs b
  | Block stmts -> 1 + List.fold_left (fun acc s -> acc + count_stmt s) 0 stmts
and count_stmt = function Let (_, e) | Print e -> count_exprs e

let program = Block [ Let ("x", Num 1); Print (Add (Num 2, Num 3)) ]

let () =
  print_int (eval_expr [] program);
  print_int (count_exprs program);
  if is_even 10 && is_odd 7 then print_endline "ok"
