(* Out-of-range string operations raise Invalid_argument with OCaml's messages;
   the Aneris helpers substring and findFrom do not raise. *)
open Ast

let attempt name f = try print_endline (name ^ ": " ^ f ()) with Invalid_argument m -> print_endline (name ^ " raised Invalid_argument " ^ m)

let () =
  attempt "sub" (fun () -> String.sub "hello" 1 3);
  attempt "sub too long" (fun () -> String.sub "hello" 3 5);
  attempt "sub negative" (fun () -> String.sub "hello" (-1) 2);
  attempt "get" (fun () -> String.make 1 (String.get "abc" 5));
  attempt "make" (fun () -> String.make (-1) 'x');
  attempt "index_from_opt" (fun () -> match String.index_from_opt "abc" 9 'a' with Some _ -> "some" | None -> "none");
  attempt "substring" (fun () -> "[" ^ substring "hello" 3 10 ^ "]");
  attempt "substring ok" (fun () -> substring "hello" 1 3);
  attempt "findFrom" (fun () -> match findFrom "a_b_c" 2 '_' with Some i -> string_of_int i | None -> "none");
  attempt "strlen" (fun () -> string_of_int (strlen "four"));
  attempt "i2s s2i" (fun () -> match s2i (i2s 77) with Some n -> string_of_int (n + 1) | None -> "none");
  attempt "intOfString" (fun () -> match intOfString "x" with Some _ -> "some" | None -> "none")
