(* Qualified names of library modules without opening them. *)
let server_address port = Ast.makeAddress "127.0.0.1" port

let describe_address a =
  let ip, port = Ast.get_address_info a in
  ip ^ ":" ^ string_of_int port

let as_pair (v : (int, string) Ast.sumTy) =
  match v with Ast.InjL n -> (n, "") | Ast.InjR s -> (0, s)

let make_serializer ser deser = { Ast.s_ser = ser; Ast.s_deser = deser }
let int_text = make_serializer string_of_int int_of_string
let encode (s : 'a Ast.serializer) v = s.Ast.s_ser v

let codes s = List.map Char.code (List.init (String.length s) (String.get s))
let letters = List.map Char.chr [ 97; 98; 99 ]
let first_arg () = if Array.length Sys.argv > 1 then Sys.argv.(1) else "none"

let pause () = Unix.sleepf 0.01

let () =
  print_endline (describe_address (server_address 9000));
  print_endline (encode int_text 42);
  print_int (List.length (codes "abc") + List.length letters);
  print_endline (snd (as_pair (Ast.InjR (first_arg ()))));
  pause ()
