(* Type annotations on expressions, parameters, results and bindings. *)
let int_id (x : int) = x
let string_length (s : string) : int = String.length s
let empty_strings : string list = []
let pick (flag : bool) (a : 'a) (b : 'a) : 'a = if flag then a else b
let to_pair (x : 'a) : 'a * 'a = (x, x)
let apply (f : int -> string) n = f n
let none : int option = None
let annotated_fun = (fun x -> x + 1 : int -> int)
let as_float x = (float_of_int x : float)
let collect (acc : 'a list ref) (x : 'a) = acc := x :: !acc
let constrained_list = ([] : (string * int) list)
let table : (string * (int -> int)) list = [ ("double", fun x -> 2 * x); ("neg", fun x -> -x) ]

let lookup name : (int -> int) option = List.assoc_opt name table

let () =
  let r : int list ref = ref [] in
  collect r (int_id 3);
  collect r (string_length "four");
  print_int (List.length !r + List.length empty_strings + List.length constrained_list);
  print_endline (apply string_of_int (pick true 1 2));
  match lookup "double" with Some f -> print_int (f 21) | None -> ()
