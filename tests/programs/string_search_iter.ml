(* String searches, trimming, per-byte iteration, Char.escaped, Array.fold_left,
   float_of_string_opt, Sys.getenv_opt, read_line at the end of input and Ast.rand. *)
open Ast

let show_opt = function None -> "None" | Some i -> "Some " ^ string_of_int i

let () =
  let s = "hello, world" in
  Printf.printf "contains o: %b, contains z: %b\n" (String.contains s 'o') (String.contains s 'z');
  Printf.printf "contains_from 5 l: %b, contains_from 11 l: %b\n" (String.contains_from s 5 'l') (String.contains_from s 11 'l');
  Printf.printf "index o: %d, rindex o: %d\n" (String.index s 'o') (String.rindex s 'o');
  Printf.printf "index_from 5 o: %d\n" (String.index_from s 5 'o');
  Printf.printf "index_opt w: %s, index_opt q: %s\n" (show_opt (String.index_opt s 'w')) (show_opt (String.index_opt s 'q'));
  Printf.printf "rindex_opt l: %s, rindex_opt q: %s\n" (show_opt (String.rindex_opt s 'l')) (show_opt (String.rindex_opt s 'q'));
  (try ignore (String.index s 'q') with Not_found -> print_endline "index q: Not_found");
  (try ignore (String.rindex s 'q') with Not_found -> print_endline "rindex q: Not_found");
  (try ignore (String.index_from s 12 'o') with Not_found -> print_endline "index_from 12: Not_found");
  (try ignore (String.index_from s 13 'o') with Invalid_argument m -> print_endline ("index_from 13: " ^ m));
  (try ignore (String.contains_from s (-1) 'o') with Invalid_argument m -> print_endline ("contains_from -1: " ^ m));
  Printf.printf "trim: [%s] [%s] [%s]\n" (String.trim "  \t padded \n ") (String.trim "   ") (String.trim "x")

let () =
  String.iter (fun c -> print_char (Char.uppercase_ascii c)) "shout";
  print_newline ();
  String.iteri (fun i c -> Printf.printf "%d:%c " i c) "abc";
  print_newline ();
  print_endline (String.mapi (fun i c -> if i mod 2 = 0 then Char.uppercase_ascii c else c) "alternate");
  let total = ref 0 in
  String.iter (fun c -> total := !total + Char.code c) "sum";
  Printf.printf "byte sum: %d\n" !total;
  (try String.iter (fun c -> if c = 'x' then raise Exit) "abxd" with Exit -> print_endline "iter stopped by Exit")

let () =
  List.iter (fun c -> print_string (Char.escaped c); print_char ' ') ['a'; '"'; '\''; '\\'; '\n'; '\t'; '\r'; '\b'; '\001'; '\200'; ' '; '~'];
  print_newline ()

let () =
  let a = Array.of_list [3; 1; 4; 1; 5; 9; 2; 6] in
  Printf.printf "fold sum: %d\n" (Array.fold_left ( + ) 0 a);
  Printf.printf "fold list: %s\n" (String.concat ";" (Array.fold_left (fun acc x -> string_of_int x :: acc) [] a));
  Printf.printf "fold max: %d\n" (Array.fold_left max min_int a);
  let strs = Array.init 1000 (fun i -> string_of_int i) in
  Printf.printf "fold length: %d\n" (Array.fold_left (fun n s -> n + String.length s) 0 strs)

let () =
  List.iter
    (fun s ->
      match float_of_string_opt s with
      | Some f -> Printf.printf "float_of_string_opt \"%s\" = Some %g\n" s f
      | None -> Printf.printf "float_of_string_opt \"%s\" = None\n" s)
    ["3.25"; "1e3"; "-0.5"; "abc"; ""; "12"; "nan"; "1_000.5"]

let () =
  (match Sys.getenv_opt "ANERISC_TEST_SURELY_UNSET_VARIABLE" with
   | None -> print_endline "unset variable: None"
   | Some v -> print_endline ("unset variable: Some " ^ v));
  (match Sys.getenv_opt "PATH" with
   | None -> print_endline "PATH: None"
   | Some _ -> print_endline "PATH: Some _")

let () =
  (try print_endline ("read: " ^ read_line ()) with End_of_file -> print_endline "read_line: End_of_file");
  let ok = ref true in
  for _ = 1 to 1000 do
    let r = rand 10 in
    if r < 0 || r >= 10 then ok := false
  done;
  Printf.printf "rand in range: %b\n" !ok;
  (try ignore (rand 0) with Invalid_argument m -> print_endline ("rand 0: " ^ m))
