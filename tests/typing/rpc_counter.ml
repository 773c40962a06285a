(* ocaml-flags: -rectypes *)
(* A replicated counter service over Rpc_code. *)
open Ast
open Serialization_code
open Rpc_code

type command = Incr of int | Read

let command_serializer =
  let wire = sum_serializer int_serializer unit_serializer in
  { s_ser = (fun c -> wire.s_ser (match c with Incr n -> InjL n | Read -> InjR ()));
    s_deser = (fun s -> match wire.s_deser s with InjL n -> Incr n | InjR () -> Read) }

let serve addr =
  let total = ref 0 in
  let lk = newlock () in
  rpc_start int_serializer command_serializer addr (fun cmd ->
      acquire lk;
      (match cmd with Incr n -> total := !total + n | Read -> ());
      let v = !total in
      release lk;
      v)

let connect_counter clt srv = rpc_connect command_serializer int_serializer clt srv
let increment rpc n = ignore (rpc_make_request rpc (Incr n))
let read rpc = rpc_make_request rpc Read

let () =
  let addr i = makeAddress Sys.argv.(i) (int_of_string Sys.argv.(i + 1)) in
  match Sys.argv.(1) with
  | "server" -> serve (addr 2)
  | _ ->
    let rpc = connect_counter (addr 2) (addr 4) in
    List.iter (increment rpc) [1; 2; 3];
    Printf.printf "total %d\n" (read rpc)
