(* Parsing a line-based text protocol with String functions. *)
type command = Set of string * int | Get of string | Del of string | Unknown of string

let parse_command line =
  match String.split_on_char ' ' (String.trim line) with
  | [ "SET"; key; value ] -> (
    match int_of_string_opt value with Some v -> Set (key, v) | None -> Unknown line)
  | [ "GET"; key ] -> Get key
  | [ "DEL"; key ] -> Del key
  | _ -> Unknown line

let parse_header line =
  match String.index_opt line ':' with
  | None -> None
  | Some i ->
    let name = String.lowercase_ascii (String.sub line 0 i) in
    let value = String.trim (String.sub line (i + 1) (String.length line - i - 1)) in
    Some (name, value)

let render = function
  | Set (k, v) -> "SET " ^ k ^ " " ^ string_of_int v
  | Get k -> "GET " ^ k
  | Del k -> "DEL " ^ k
  | Unknown l -> "?" ^ String.escaped l

let numbers csv = List.filter_map int_of_string_opt (String.split_on_char ',' csv)

let () =
  List.iter (fun l -> print_endline (render (parse_command l))) [ "SET x 1"; " GET x "; "NOPE\t" ];
  (match parse_header "Content-Length: 42" with
   | Some (n, v) -> print_endline (n ^ "=" ^ v)
   | None -> ());
  print_int (List.fold_left ( + ) 0 (numbers "1,2,x,4"))
