(* Ast's sum type InjL/InjR as Aneris programs use it for requests. *)
open Ast

type request = (int, string) sumTy

let handle (r : request) = match r with
  | InjL n when n < 0 -> "negative deposit"
  | InjL n -> Printf.sprintf "deposit %d" n
  | InjR "" -> "empty query"
  | InjR s -> "query " ^ s

let partition l = List.fold_right (fun x (ls, rs) -> match x with InjL a -> (a :: ls, rs) | InjR b -> (ls, b :: rs)) l ([], [])

let () =
  let reqs = [InjL 5; InjR "balance"; InjL (-1); InjR ""; InjL 7] in
  List.iter (fun r -> print_endline (handle r)) reqs;
  let (ls, rs) = partition reqs in
  Printf.printf "%d lefts (sum %d), %d rights\n" (List.length ls) (List.fold_left ( + ) 0 ls) (List.length rs);
  let nested : ((int, bool) sumTy, unit) sumTy = InjL (InjR true) in
  (match nested with InjL (InjR b) -> Printf.printf "nested %b\n" b | _ -> ());
  Printf.printf "%b\n" (InjL 1 = (InjL 1 : (int, int) sumTy))
