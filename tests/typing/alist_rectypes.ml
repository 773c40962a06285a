(* ocaml-flags: -rectypes *)
(* Aneris's option-encoded lists, declared as a recursive type abbreviation. *)
type 'a alist = ('a * 'a alist) option

let nil : 'a alist = None
let cons (x : 'a) (l : 'a alist) : 'a alist = Some (x, l)

let rec length (l : 'a alist) =
  match l with
  | None -> 0
  | Some (_, tl) -> 1 + length tl

let rec map f (l : 'a alist) : 'b alist =
  match l with
  | None -> None
  | Some (x, tl) -> Some (f x, map f tl)

let rec to_list (l : 'a alist) =
  match l with
  | None -> []
  | Some (x, tl) -> x :: to_list tl

let of_list l = List.fold_right cons l nil

let doubled = to_list (map (fun x -> 2 * x) (of_list [1; 2; 3]))
let words = cons "a" (cons "b" nil)

let () = List.iter (fun x -> print_int x; print_newline ()) doubled
