(* ocaml-flags: -rectypes *)
(* Aneris serializers: the wire format and round trips. *)
open Ast
open List_code
open Serialization_code

let roundtrip name s v show =
  let wire = s.s_ser v in
  let back = s.s_deser wire in
  Printf.printf "%s: \"%s\" -> %s (%b)\n" name wire (show back) (back = v)

let () =
  roundtrip "int" int_serializer 42 string_of_int;
  roundtrip "negative" int_serializer (-17) string_of_int;
  roundtrip "bool" bool_serializer true string_of_bool;
  roundtrip "string" string_serializer "hello_world" (fun s -> s);
  roundtrip "unit" unit_serializer () (fun () -> "()");
  let pair = prod_serializer int_serializer string_serializer in
  roundtrip "pair" pair (12, "ab_cd") (fun (n, s) -> Printf.sprintf "(%d, %s)" n s);
  let nested = prod_serializer (prod_serializer string_serializer bool_serializer) int_serializer in
  roundtrip "nested" nested (("x", false), 7) (fun ((s, b), n) -> Printf.sprintf "((%s, %b), %d)" s b n);
  let sum = sum_serializer int_serializer string_serializer in
  let show_sum = function InjL n -> "InjL " ^ string_of_int n | InjR s -> "InjR " ^ s in
  roundtrip "suml" sum (InjL 5) show_sum;
  roundtrip "sumr" sum (InjR "five") show_sum;
  let opt = option_serializer int_serializer in
  let show_opt = function None -> "None" | Some n -> "Some " ^ string_of_int n in
  roundtrip "none" opt None show_opt;
  roundtrip "some" opt (Some 99) show_opt;
  let lst = list_serializer string_serializer in
  let l = list_cons "a" (list_cons "bc" (list_cons "" list_nil)) in
  roundtrip "list" lst l (fun l -> String.concat "|" (List.rev (list_fold (fun acc x -> x :: acc) [] l)));
  roundtrip "empty list" lst list_nil (fun l -> string_of_int (list_length l));
  let addr = makeAddress "127.0.0.1" 8080 in
  let wire = saddr_serializer.s_ser addr in
  let back = saddr_serializer.s_deser wire in
  Printf.printf "saddr: \"%s\" -> %s:%d\n" wire (ip_of_address back) (port_of_address back);
  let deep = sum_serializer (prod_serializer string_serializer int_serializer)
      (sum_serializer int_serializer (prod_serializer int_serializer string_serializer)) in
  print_endline (deep.s_ser (InjL ("INIT", 0)));
  print_endline (deep.s_ser (InjR (InjL 17)));
  print_endline (deep.s_ser (InjR (InjR (10, "hello"))));
  Printf.printf "%d %b\n" (int_deser "123") (bool_deser "0");
  print_endline (prod_ser int_ser bool_ser (3, true))
