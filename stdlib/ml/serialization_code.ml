(* Serialization_code: Aneris's serializers, in Aneris's wire format:
     int     its decimal text               42        -> "42"
     bool    "1" or "0"
     unit    ""
     string  itself
     pair    "<length of a>_<a><b>"         (12, "ab") -> "2_12ab"
     sum     "L_<a>" or "R_<b>"
     option  "L_" for None, "R_<a>" for Some a
     list    its cells as pairs, head first ["a"; "bc"] -> "1_a2_bc"
   Interface: stdlib/mli/serialization_code.mli. Malformed input raises
   [Failure "Serialization_code: <serializer>: malformed <what>"], naming the serializer
   whose input it was (the channel's recv adds the channel and the message to it). *)

open Ast
open List_code

let malformed ser what = failwith ("Serialization_code: " ^ ser ^ ": malformed " ^ what)

let int_ser n = i2s n

let int_deser s = match s2i s with
  | Some n -> n
  | None -> malformed "int_serializer" "int"

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

(* The framing of pairs and list cells. *)
let frame first rest = i2s (strlen first) ^ "_" ^ first ^ rest

(* The inverse of [frame]: the first component's text and the rest; [ser] and [what] name
   the serializer and the framing in the failure. *)
let unframe ser what s =
  let bad () = malformed ser what in
  match findFrom s 0 '_' with
  | None -> bad ()
  | Some i ->
      (match s2i (String.sub s 0 i) with
       | None -> bad ()
       | Some len ->
           let start = i + 1 in
           if len < 0 || start + len > strlen s then bad ()
           else (String.sub s start len, String.sub s (start + len) (strlen s - start - len)))

let prod_ser ser_a ser_b (a, b) =
  let first = ser_a a in
  frame first (ser_b b)

let prod_deser deser_a deser_b s =
  let (first, rest) = unframe "prod_serializer" "pair" s in
  let a = deser_a first in
  (a, deser_b rest)

let prod_serializer sa sb =
  { s_ser = prod_ser sa.s_ser sb.s_ser; s_deser = prod_deser sa.s_deser sb.s_deser }

let saddr_ser a = prod_ser string_ser int_ser (get_address_info a)

let saddr_deser s =
  let (ip, port) = unframe "saddr_serializer" "address" s in
  match s2i port with
  | Some p -> makeAddress ip p
  | None -> malformed "saddr_serializer" "port"

let saddr_serializer = { s_ser = saddr_ser; s_deser = saddr_deser }

(* The two-character tag of a sum or option and the text after it; [ser] names the
   serializer in the failure. *)
let split_tag ser s =
  if strlen s < 2 then malformed ser "tag"
  else (String.sub s 0 2, String.sub s 2 (strlen s - 2))

let sum_ser ser_a ser_b v = match v with
  | InjL a -> "L_" ^ ser_a a
  | InjR b -> "R_" ^ ser_b b

let sum_deser deser_a deser_b s = match split_tag "sum_serializer" s with
  | ("L_", body) -> InjL (deser_a body)
  | ("R_", body) -> InjR (deser_b body)
  | _ -> malformed "sum_serializer" "tag"

let sum_serializer sa sb =
  { s_ser = sum_ser sa.s_ser sb.s_ser; s_deser = sum_deser sa.s_deser sb.s_deser }

let option_ser ser o = match o with
  | None -> "L_"
  | Some x -> "R_" ^ ser x

let option_deser deser s = match split_tag "option_serializer" s with
  | ("L_", _) -> None
  | ("R_", body) -> Some (deser body)
  | _ -> malformed "option_serializer" "tag"

let option_serializer s = { s_ser = option_ser s.s_ser; s_deser = option_deser s.s_deser }

let list_ser ser (l : 'a alist) =
  let cells = list_fold (fun acc x -> frame (ser x) "" :: acc) [] l in
  String.concat "" (List.rev cells)

let list_deser deser s : 'a alist =
  let rec cells rest (acc : 'a alist) : 'a alist =
    if rest = "" then list_rev acc
    else
      let (item, more) = unframe "list_serializer" "cell" rest in
      let x = deser item in
      cells more (list_cons x acc)
  in
  cells s list_nil

let list_serializer s = { s_ser = list_ser s.s_ser; s_deser = list_deser s.s_deser }
