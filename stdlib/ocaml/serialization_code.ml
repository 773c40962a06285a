(* Shim of Aneris's serializers, in Aneris's wire format.
   Interface: stdlib/mli/serialization_code.mli. *)

open Ast
open List_code

let malformed ser what = failwith ("Serialization_code: " ^ ser ^ ": malformed " ^ what)

let int_ser n = string_of_int n
let int_deser s = match int_of_string_opt s with Some n -> n | None -> malformed "int_serializer" "int"
let int_serializer = { s_ser = int_ser; s_deser = int_deser }

let bool_ser b = if b then "1" else "0"
let bool_deser s = s = "1"
let bool_serializer = { s_ser = bool_ser; s_deser = bool_deser }

let unit_ser _ = ""
let unit_deser _ = ()
let unit_serializer = { s_ser = unit_ser; s_deser = unit_deser }

let string_ser s = s
let string_deser s = s
let string_serializer = { s_ser = string_ser; s_deser = string_deser }

(* "<length of first>_<first><rest>": the framing of pairs and list cells. *)
let frame first rest = string_of_int (String.length first) ^ "_" ^ first ^ rest

let unframe ser what s =
  match String.index_opt s '_' with
  | None -> malformed ser what
  | Some i ->
      let len = match int_of_string_opt (String.sub s 0 i) with Some n -> n | None -> malformed ser what in
      let start = i + 1 in
      if len < 0 || start + len > String.length s then malformed ser what;
      (String.sub s start len, String.sub s (start + len) (String.length s - start - len))

let prod_ser ser_a ser_b (a, b) = frame (ser_a a) (ser_b b)

let prod_deser deser_a deser_b s =
  let first, rest = unframe "prod_serializer" "pair" s in
  let a = deser_a first in
  (a, deser_b rest)

let prod_serializer sa sb =
  { s_ser = prod_ser sa.s_ser sb.s_ser; s_deser = prod_deser sa.s_deser sb.s_deser }

let saddr_ser a = prod_ser string_ser int_ser (get_address_info a)

let saddr_deser s =
  let ip, port = unframe "saddr_serializer" "address" s in
  match int_of_string_opt port with
  | Some p -> makeAddress ip p
  | None -> malformed "saddr_serializer" "port"

let saddr_serializer = { s_ser = saddr_ser; s_deser = saddr_deser }

let split_tag ser s =
  if String.length s < 2 then malformed ser "tag"
  else (String.sub s 0 2, String.sub s 2 (String.length s - 2))

let sum_ser ser_a ser_b = function
  | InjL a -> "L_" ^ ser_a a
  | InjR b -> "R_" ^ ser_b b

let sum_deser deser_a deser_b s =
  match split_tag "sum_serializer" s with
  | ("L_", body) -> InjL (deser_a body)
  | ("R_", body) -> InjR (deser_b body)
  | _ -> malformed "sum_serializer" "tag"

let sum_serializer sa sb =
  { s_ser = sum_ser sa.s_ser sb.s_ser; s_deser = sum_deser sa.s_deser sb.s_deser }

let option_ser ser = function
  | None -> "L_"
  | Some x -> "R_" ^ ser x

let option_deser deser s =
  match split_tag "option_serializer" s with
  | ("L_", _) -> None
  | ("R_", body) -> Some (deser body)
  | _ -> malformed "option_serializer" "tag"

let option_serializer s = { s_ser = option_ser s.s_ser; s_deser = option_deser s.s_deser }

let list_ser ser l =
  let buf = Buffer.create 64 in
  list_iter (fun x -> Buffer.add_string buf (frame (ser x) "")) l;
  Buffer.contents buf

let list_deser deser s =
  let rec cells s acc =
    if s = "" then list_rev acc
    else
      let item, rest = unframe "list_serializer" "cell" s in
      cells rest (list_cons (deser item) acc)
  in
  cells s list_nil

let list_serializer s = { s_ser = list_ser s.s_ser; s_deser = list_deser s.s_deser }
