(* Records: construction, field access, functional update, record patterns. *)
type account = { owner : string; balance : int; frozen : bool }

type 'a versioned = { value : 'a; version : int }

let open_account name = { owner = name; balance = 0; frozen = false }

let deposit acc amount =
  if acc.frozen then acc else { acc with balance = acc.balance + amount }

let freeze acc = { acc with frozen = true }

let describe { owner; balance; _ } = owner ^ ": " ^ string_of_int balance

let bump v x = { value = x; version = v.version + 1 }

let newer a b = if a.version >= b.version then a else b

let initial = { value = "empty"; version = 0 }
let updated = bump initial "hello"

let richest accounts =
  List.fold_left (fun best a -> if a.balance > best.balance then a else best)
    (open_account "nobody") accounts

let () =
  let a = deposit (open_account "ada") 10 in
  let b = freeze (deposit a 5) in
  print_endline (describe (deposit b 100));
  print_endline (richest [a; b]).owner
