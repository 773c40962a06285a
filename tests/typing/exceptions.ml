(* Exceptions: declaring, raising and handling, with and without arguments. *)
exception Empty_queue
exception Bad_request of string
exception Out_of_range of int * int

let checked_get l i =
  if i < 0 || i >= List.length l then raise (Out_of_range (i, List.length l))
  else List.nth l i

let parse_port s =
  match int_of_string_opt s with
  | Some p when p > 0 && p < 65536 -> p
  | Some p -> raise (Out_of_range (p, 65535))
  | None -> raise (Bad_request ("not a number: " ^ s))

let safe_div a b = try Some (a / b) with Division_by_zero -> None

let first = function [] -> raise Empty_queue | x :: _ -> x

let describe f =
  try string_of_int (f ()) with
  | Empty_queue -> "empty"
  | Bad_request msg -> "bad request: " ^ msg
  | Out_of_range (i, n) -> "index " ^ string_of_int i ^ " out of " ^ string_of_int n
  | Failure msg | Invalid_argument msg -> msg
  | Not_found -> "not found"

let () =
  print_endline (describe (fun () -> parse_port "80"));
  print_endline (describe (fun () -> parse_port "http"));
  print_endline (describe (fun () -> first []));
  print_endline (describe (fun () -> checked_get [1; 2] 5));
  print_endline (describe (fun () -> failwith "boom"));
  print_endline (describe (fun () -> List.assoc "k" []))
