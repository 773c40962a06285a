(* Cleanup on both paths with re-raise; exceptions crossing several frames. *)
exception Abort of string

let log = ref []
let note s = log := s :: !log

let with_resource name f =
  note ("open " ^ name);
  let v = try f () with e -> note ("close " ^ name ^ " on error"); raise e in
  note ("close " ^ name);
  v

let rec descend n = if n = 0 then raise (Abort "bottom") else 1 + descend (n - 1)

let () =
  let a = with_resource "a" (fun () -> 10) in
  let b = try with_resource "b" (fun () -> with_resource "c" (fun () -> descend 1000)) with Abort m -> note m; -1 in
  Printf.printf "%d %d\n" a b;
  List.iter print_endline (List.rev !log);
  let r = try Some (descend 5) with Abort _ -> None in
  print_endline (match r with None -> "aborted" | Some n -> string_of_int n);
  let handled = try (try raise (Abort "inner") with Not_found -> "wrong") with Abort m -> "outer caught " ^ m in
  print_endline handled
