(* The serializers echo.ml needs, for the IR tests until the library's own sources exist. *)
open Ast
let int_ser n = string_of_int n
let int_deser s = int_of_string s
let int_serializer = { s_ser = int_ser; s_deser = int_deser }
let string_ser s = s
let string_deser s = s
let string_serializer = { s_ser = string_ser; s_deser = string_deser }
