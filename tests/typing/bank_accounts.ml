(* Accounts with records, exceptions and an audit log. *)
type account = { id : int; holder : string; balance : int }

type transaction = Deposit of int * int | Withdraw of int * int | Transfer of int * int * int

exception Insufficient_funds of int
exception Unknown_account of int

let find accounts id =
  match List.find_opt (fun a -> a.id = id) accounts with
  | Some a -> a
  | None -> raise (Unknown_account id)

let update accounts a = List.map (fun b -> if b.id = a.id then a else b) accounts

let withdraw a amount =
  if a.balance < amount then raise (Insufficient_funds a.id) else { a with balance = a.balance - amount }

let apply accounts = function
  | Deposit (id, n) ->
    let a = find accounts id in
    update accounts { a with balance = a.balance + n }
  | Withdraw (id, n) -> update accounts (withdraw (find accounts id) n)
  | Transfer (src, dst, n) ->
    let accounts = update accounts (withdraw (find accounts src) n) in
    let d = find accounts dst in
    update accounts { d with balance = d.balance + n }

let run accounts txs =
  List.fold_left
    (fun (accs, log) tx ->
      try (apply accs tx, log) with
      | Insufficient_funds id -> (accs, ("insufficient funds in " ^ string_of_int id) :: log)
      | Unknown_account id -> (accs, ("no account " ^ string_of_int id) :: log))
    (accounts, []) txs

let () =
  let accounts = [ { id = 1; holder = "ada"; balance = 10 }; { id = 2; holder = "bob"; balance = 0 } ] in
  let final, log = run accounts [ Deposit (1, 5); Transfer (1, 2, 12); Withdraw (2, 20); Deposit (3, 1) ] in
  List.iter (fun a -> Printf.printf "%s %d\n" a.holder a.balance) final;
  List.iter print_endline (List.rev log)
