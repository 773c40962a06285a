(* Closures capturing variables, references and other closures. *)
let make_counter start =
  let count = ref start in
  let next () = incr count; !count in
  let reset () = count := start in
  (next, reset)

let adder n = fun x -> x + n
let add_five = adder 5

let make_accumulator () =
  let items = ref [] in
  ((fun x -> items := x :: !items), (fun () -> List.rev !items))

let memo_square () =
  let cache = ref [] in
  fun n ->
    match List.assoc_opt n !cache with
    | Some v -> v
    | None ->
      let v = n * n in
      cache := (n, v) :: !cache;
      v

let handlers = List.map adder [1; 10; 100]

let () =
  let next, reset = make_counter 10 in
  ignore (next ());
  print_int (next ());
  reset ();
  print_int (next ());
  let push, contents = make_accumulator () in
  push "a"; push "b";
  print_endline (String.concat "," (contents ()));
  print_int (List.fold_left (fun acc h -> h acc) 0 handlers)
