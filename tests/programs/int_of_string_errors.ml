(* Number parsing: int_of_string and its failures, _opt variants, bool and float parsing. *)
let parse s = match int_of_string_opt s with Some n -> string_of_int n | None -> "none"

let () =
  List.iter (fun s -> Printf.printf "%s -> %s\n" s (parse s)) ["42"; "-0"; "+7"; "0b101"; "0o17"; "0xff"; "1_000"; ""; " 1"; "abc"; "99999999999999999999"];
  (try ignore (int_of_string "seven") with Failure m -> Printf.printf "Failure %s\n" m);
  Printf.printf "%b %b\n" (bool_of_string "true") (bool_of_string "false");
  (try ignore (bool_of_string "yes") with Invalid_argument m -> Printf.printf "Invalid_argument %s\n" m);
  (match bool_of_string_opt "maybe" with None -> print_endline "no bool" | Some b -> Printf.printf "%b\n" b);
  Printf.printf "%.2f %.2f\n" (float_of_string "3.25") (float_of_string "1e2");
  (match float_of_string_opt "x1.5" with None -> print_endline "no float" | Some f -> Printf.printf "%f\n" f);
  (try ignore (float_of_string "") with Failure m -> Printf.printf "Failure %s\n" m);
  Printf.printf "%s %s\n" (string_of_bool true) (string_of_int min_int)
