(* Ast's sums and serializer records without the option-encoded lists. *)
open Ast

type msg = (string, int * int) sumTy

let describe (m : msg) =
  match m with
  | InjL text -> "text " ^ text
  | InjR (a, b) -> "pair " ^ i2s a ^ "," ^ i2s b

let swap_sum = function InjL a -> InjR a | InjR b -> InjL b

let lefts l = List.filter_map (function InjL a -> Some a | InjR _ -> None) l

let int_text = { s_ser = i2s; s_deser = (fun s -> match s2i s with Some n -> n | None -> 0) }

let tagged ser = { s_ser = (fun v -> "T_" ^ ser.s_ser v);
                   s_deser = (fun s -> ser.s_deser (substring s 2 (strlen s - 2))) }

let text_after_tag s = match findFrom s 0 '_' with Some i -> substring s (i + 1) (strlen s - i - 1) | None -> s

let () =
  print_endline (describe (InjR (1, 2)));
  print_endline ((tagged int_text).s_ser 5);
  print_int ((tagged int_text).s_deser "T_12");
  print_endline (text_after_tag "tag_value");
  print_int (List.length (lefts [ InjL 1; swap_sum (InjL 2); InjL 3 ]))
