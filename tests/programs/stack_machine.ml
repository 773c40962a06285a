(* A small stack machine: instructions as variants, errors as exceptions. *)
type instr = Push of int | Pop | Add | Mul | Sub | Dup | Swap | Jz of int | Jmp of int | Print

exception Stack_underflow of int

let run program =
  let code = Array.of_list program in
  let rec step pc stack fuel =
    if pc >= Array.length code || fuel = 0 then stack
    else
      match (Array.get code pc, stack) with
      | (Push n, s) -> step (pc + 1) (n :: s) (fuel - 1)
      | (Pop, _ :: s) -> step (pc + 1) s (fuel - 1)
      | (Add, a :: b :: s) -> step (pc + 1) (b + a :: s) (fuel - 1)
      | (Sub, a :: b :: s) -> step (pc + 1) (b - a :: s) (fuel - 1)
      | (Mul, a :: b :: s) -> step (pc + 1) (b * a :: s) (fuel - 1)
      | (Dup, a :: s) -> step (pc + 1) (a :: a :: s) (fuel - 1)
      | (Swap, a :: b :: s) -> step (pc + 1) (b :: a :: s) (fuel - 1)
      | (Jz t, a :: s) -> step (if a = 0 then t else pc + 1) s (fuel - 1)
      | (Jmp t, s) -> step t s (fuel - 1)
      | (Print, (a :: _ as s)) -> Printf.printf "print %d\n" a; step (pc + 1) s (fuel - 1)
      | (_, _) -> raise (Stack_underflow pc)
  in
  step 0 [] 10000

let show s = "[" ^ String.concat " " (List.map string_of_int s) ^ "]"

let () =
  print_endline (show (run [Push 2; Push 3; Add; Push 4; Mul; Print]));
  (* countdown from 3: prints 3 2 1 *)
  print_endline (show (run [Push 3; Dup; Jz 8; Print; Push 1; Sub; Jmp 1; Pop; Push 99]));
  (try ignore (run [Push 1; Add]) with Stack_underflow pc -> Printf.printf "underflow at %d\n" pc)
