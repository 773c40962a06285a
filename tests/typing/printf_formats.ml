(* Printf with literal formats: flags, widths, precisions, partial application. *)
let report name count ratio =
  Printf.printf "%-10s|%5d|%8.3f\n" name count ratio

let hex n = Printf.sprintf "0x%x" n
let padded n = Printf.sprintf "%05d" n
let flag b = Printf.sprintf "%b" b
let initial c = Printf.sprintf "%c." c
let percent p = Printf.sprintf "%d%%" p
let sci x = Printf.sprintf "%g" x
let both = Printf.sprintf "%s=%i"

let warn msg = Printf.eprintf "warning: %s\n" msg

let table rows =
  List.iter (fun (name, count, ratio) -> report name count ratio) rows

let header = Printf.sprintf "%s %s %s" "name" "count" "ratio"

let () =
  print_endline header;
  table [ ("alpha", 3, 0.5); ("beta", 12, 0.25) ];
  print_endline (hex 255 ^ " " ^ padded 42 ^ " " ^ flag true ^ " " ^ initial 'J');
  print_endline (percent 50 ^ " " ^ sci 1e10 ^ " " ^ both "x" 3);
  warn "done"
