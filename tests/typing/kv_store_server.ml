(* ocaml-flags: -rectypes *)
(* A key/value store: one thread per client, a lock around the shared map. *)
open Ast
open Map_code
open Serialization_code
open Client_server_code

let req_ser = sum_serializer string_serializer (prod_serializer string_serializer string_serializer)
let rep_ser = option_serializer string_serializer

let handle store lk req =
  acquire lk;
  let reply =
    match req with
    | InjL key -> map_lookup key !store
    | InjR (key, value) ->
      let old = map_lookup key !store in
      store := map_insert key value !store;
      old
  in
  release lk;
  reply

let serve store lk chan =
  let rec loop () =
    send chan (handle store lk (recv chan));
    loop ()
  in
  loop ()

let start addr =
  let store = ref (map_empty ()) in
  let lk = newlock () in
  let skt = make_server_skt rep_ser req_ser addr in
  server_listen skt;
  let rec loop () =
    let chan, _ = accept skt in
    fork (serve store lk) chan;
    loop ()
  in
  loop ()

let put chan k v = send chan (InjR (k, v)); recv chan
let get chan k = send chan (InjL k); recv chan
