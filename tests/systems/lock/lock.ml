(* A distributed lock service guarding a shared counter. The lock server grants the lock to
   one client at a time and keeps the counter; only the client holding the lock may write
   it (the server fails otherwise). Each client increments the counter ROUNDS times under
   the lock (read, then write the value plus one), then waits until the counter shows
   every client's increments: a lost update would leave it short forever.
   Requests: InjL (InjL id) acquire, InjL (InjR id) release, InjR (InjL ()) read,
   InjR (InjR (id, v)) write. Replies: 1 granted / 0 busy, the counter, or 1.
   Nodes:  lock server IP PORT
           lock client IP PORT SERVER_PORT ID ROUNDS TOTAL *)
open Ast
open Serialization_code
open Rpc_code

[@@@protocol {| locking = mu rec.
  !(req : ((int, int) Ast.sumTy, (unit, int * int) Ast.sumTy) Ast.sumTy).
  ?(rep : int). rec |}]

let req_s =
  sum_serializer
    (sum_serializer int_serializer int_serializer)
    (sum_serializer unit_serializer (prod_serializer int_serializer int_serializer))

let server here =
  let holder = ref 0 in
  let counter = ref 0 in
  let lock = newlock () in
  let handle req =
    acquire lock;
    let reply =
      match req with
      | InjL (InjL id) -> if !holder = 0 then begin holder := id; 1 end else 0
      | InjL (InjR id) ->
        if !holder <> id then failwith (Printf.sprintf "client %d released a lock it does not hold" id);
        holder := 0;
        1
      | InjR (InjL ()) -> !counter
      | InjR (InjR (id, v)) ->
        if !holder <> id then failwith (Printf.sprintf "client %d wrote without the lock" id);
        counter := v;
        1
    in
    release lock;
    reply
  in
  rpc_start int_serializer req_s here handle [@protocol locking]

let client here there id rounds total =
  let rpc = rpc_connect req_s int_serializer here there [@protocol locking] in
  let rec lock_it () = if rpc_make_request rpc (InjL (InjL id)) = 0 then begin Unix.sleepf 0.001; lock_it () end in
  for _ = 1 to rounds do
    lock_it ();
    let v = rpc_make_request rpc (InjR (InjL ())) in
    ignore (rpc_make_request rpc (InjR (InjR (id, v + 1))));
    ignore (rpc_make_request rpc (InjL (InjR id)))
  done;
  let rec wait () =
    let v = rpc_make_request rpc (InjR (InjL ())) in
    if v < total then begin Unix.sleepf 0.005; wait () end else v
  in
  Printf.printf "client %d: %d rounds done, counter %d\n" id rounds (wait ())

let () =
  let arg i = Sys.argv.(i) in
  let num i = int_of_string (arg i) in
  match arg 1 with
  | "server" -> server (makeAddress (arg 2) (num 3))
  | "client" -> client (makeAddress (arg 2) (num 3)) (makeAddress (arg 2) (num 4)) (num 5) (num 6) (num 7)
  | role -> failwith ("unknown role " ^ role)
