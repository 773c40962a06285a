(* Accounts as records in a list, operations that fail with user exceptions. *)
type account = { id : int; owner : string; balance : int }

exception Insufficient_funds of int * int
exception No_account of int

let find accounts id = try List.find (fun a -> a.id = id) accounts with Not_found -> raise (No_account id)
let update accounts a = List.map (fun b -> if b.id = a.id then a else b) accounts

let withdraw accounts id amount =
  let a = find accounts id in
  if a.balance < amount then raise (Insufficient_funds (id, a.balance));
  update accounts { a with balance = a.balance - amount }

let deposit accounts id amount = let a = find accounts id in update accounts { a with balance = a.balance + amount }

let transfer accounts src dst amount = deposit (withdraw accounts src amount) dst amount

let report accounts = List.iter (fun a -> Printf.printf "  #%d %-5s %4d\n" a.id a.owner a.balance) accounts

let attempt name f accounts =
  try let r = f accounts in Printf.printf "%s: ok\n" name; r with
  | Insufficient_funds (id, bal) -> Printf.printf "%s: account %d has only %d\n" name id bal; accounts
  | No_account id -> Printf.printf "%s: no account %d\n" name id; accounts

let () =
  let accounts = [{ id = 1; owner = "ann"; balance = 100 }; { id = 2; owner = "bob"; balance = 50 }] in
  let accounts = attempt "t1" (fun a -> transfer a 1 2 30) accounts in
  let accounts = attempt "t2" (fun a -> transfer a 2 1 500) accounts in
  let accounts = attempt "t3" (fun a -> deposit a 3 10) accounts in
  let accounts = attempt "t4" (fun a -> withdraw a 2 80) accounts in
  report accounts;
  Printf.printf "total %d\n" (List.fold_left (fun s a -> s + a.balance) 0 accounts)
