(* ocaml-flags: -rectypes *)
(* With -rectypes, a function over Aneris-style lists that is not annotated gets a cyclic
   type, which OCaml prints with `as`. *)
type 'a alist = ('a * 'a alist) option

let rec map_remove k l =
  match l with
  | None -> None
  | Some ((k', v), tl) -> if k = k' then tl else Some ((k', v), map_remove k tl)

(* Using the function instantiates its cyclic type scheme. *)
let remove_both a b l = map_remove a (map_remove b l)

let remove_one = map_remove 1
