(* Partial application, sections of operators and point-free definitions. *)
let add x y = x + y
let increment = add 1
let scale factor = List.map (( * ) factor)
let double_all = scale 2
let prefix p = ( ^ ) p
let greet = prefix "hello, "
let is_positive = ( < ) 0
let between lo hi x = lo <= x && x <= hi
let is_digit_code = between 48 57
let count_if p l = List.length (List.filter p l)
let count_positive = count_if is_positive
let sum = List.fold_left ( + ) 0
let concat_with sep = String.concat sep
let csv = concat_with ","

let apply_n n f x = List.fold_left (fun acc () -> f acc) x (List.init n (fun _ -> ()))

let () =
  print_int (increment 41);
  print_endline (greet "world");
  print_int (sum (double_all [ 1; 2; 3 ]));
  print_int (count_positive [ -1; 2; 3 ]);
  print_endline (csv [ "a"; "b" ]);
  if is_digit_code (Char.code '7') then print_int (apply_n 3 (fun x -> x * 2) 1)
