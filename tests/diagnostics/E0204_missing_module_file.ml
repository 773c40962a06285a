(* A user module whose file does not exist next to this one. *)
open Ast

let store = Kv_store_code.create ()
let () = Kv_store_code.put store "k" "v"
