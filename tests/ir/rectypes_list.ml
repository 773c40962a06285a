open List_code
let () =
  let l = list_cons 1 (list_cons 2 list_nil) in
  match l with Some (x, _) -> print_int x | None -> ()
