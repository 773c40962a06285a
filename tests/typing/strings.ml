(* String functions of the subset. *)
let is_prefix prefix s =
  String.length prefix <= String.length s
  && String.equal (String.sub s 0 (String.length prefix)) prefix

let after_colon s =
  match String.index_from_opt s 0 ':' with
  | Some i -> String.sub s (i + 1) (String.length s - i - 1)
  | None -> s

let repeat_char c n = String.make n c
let underline title = title ^ "\n" ^ repeat_char '=' (String.length title)

let join_words words = String.concat " " words

let count_char c s =
  let n = ref 0 in
  for i = 0 to String.length s - 1 do
    if String.get s i = c then incr n
  done;
  !n

let shout s = String.uppercase_ascii s ^ "!"
let words line = List.filter (fun w -> w <> "") (String.split_on_char ' ' line)
let raw = {|C:\path\with "quotes"|}
let escaped = "tab\there\nnewline \\ \"q\""

let () =
  print_endline (underline "Report");
  print_endline (after_colon "key:value");
  print_int (count_char 'l' "hello world");
  print_endline (join_words (List.map shout (words "  two  words ")));
  print_endline raw;
  print_endline escaped;
  if is_prefix "he" "hello" then print_endline "prefix"
