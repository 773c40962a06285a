(* ocaml-flags: -rectypes *)
(* Malformed input to the deserializers fails with Failure; nested serializers of lists
   of pairs of options round-trip. *)
open Ast
open List_code
open Serialization_code

let attempt name f =
  try print_endline (name ^ ": " ^ f ()) with Failure m -> print_endline (name ^ " failed: " ^ m)

let () =
  attempt "int" (fun () -> string_of_int (int_deser "12a"));
  attempt "pair" (fun () -> let (a, b) = prod_deser int_deser string_deser "5_ab" in string_of_int a ^ b);
  attempt "pair no sep" (fun () -> fst (prod_deser string_deser string_deser "abc"));
  attempt "sum" (fun () -> match sum_deser int_deser int_deser "X_1" with InjL n | InjR n -> string_of_int n);
  attempt "short" (fun () -> match option_deser int_deser "L" with None -> "none" | Some _ -> "some");
  attempt "bool" (fun () -> string_of_bool (bool_deser "yes"));
  let s = list_serializer (prod_serializer (option_serializer int_serializer) string_serializer) in
  let l = list_cons (Some 1, "a_b") (list_cons (None, "") (list_cons (Some (-30), "xyz") list_nil)) in
  let wire = s.s_ser l in
  print_endline wire;
  let back = s.s_deser wire in
  Printf.printf "%d cells, equal %b\n" (list_length back) (back = l);
  list_iter (fun (o, str) -> Printf.printf "(%s, \"%s\") " (match o with Some n -> string_of_int n | None -> "-") str) back;
  print_newline ()
