(* Map_code: Aneris's maps, association lists binding each key at most once.
   Interface: stdlib/mli/map_code.mli. *)

open List_code
open Set_code

type ('a, 'b) amap = ('a * 'b) alist

let map_empty () : ('a, 'b) amap = list_nil

let rec map_remove (key : 'a) (m : ('a, 'b) amap) : ('a, 'b) amap = match m with
  | None -> None
  | Some ((k, v), rest) -> if k = key then rest else Some ((k, v), map_remove key rest)

let map_insert (key : 'a) (value : 'b) (m : ('a, 'b) amap) : ('a, 'b) amap = list_cons (key, value) (map_remove key m)

let rec map_lookup (key : 'a) (m : ('a, 'b) amap) : 'b option = match m with
  | None -> None
  | Some ((k, v), rest) -> if k = key then Some v else map_lookup key rest

let map_mem (key : 'a) (m : ('a, 'b) amap) = match map_lookup key m with
  | Some _ -> true
  | None -> false

let rec map_dom (m : ('a, 'b) amap) : 'a aset = match m with
  | None -> set_empty ()
  | Some ((k, _), rest) -> set_add k (map_dom rest)

let rec map_iter f (m : ('a, 'b) amap) = match m with
  | None -> ()
  | Some ((k, v), rest) ->
      ignore (f k v);
      map_iter f rest

let rec map_forall test (m : ('a, 'b) amap) = match m with
  | None -> true
  | Some ((k, v), rest) -> test k v && map_forall test rest
