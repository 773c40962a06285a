(* Shim of Aneris's association-list maps. Interface: stdlib/mli/map_code.mli. *)

open List_code
open Set_code

type ('a, 'b) amap = ('a * 'b) alist

let map_empty () = list_nil

let rec map_remove key = function
  | None -> None
  | Some ((k, v), rest) -> if k = key then rest else Some ((k, v), map_remove key rest)

let map_insert key value m = list_cons (key, value) (map_remove key m)

let rec map_lookup key = function
  | None -> None
  | Some ((k, v), rest) -> if k = key then Some v else map_lookup key rest

let map_mem key m = map_lookup key m <> None

let rec map_dom = function
  | None -> set_empty ()
  | Some ((k, _), rest) -> set_add k (map_dom rest)

let rec map_iter f = function
  | None -> ()
  | Some ((k, v), rest) -> ignore (f k v); map_iter f rest

let rec map_forall test = function
  | None -> true
  | Some ((k, v), rest) -> test k v && map_forall test rest
