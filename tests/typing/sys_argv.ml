(* Command-line arguments through Sys.argv. *)
let usage () =
  prerr_endline ("usage: " ^ Sys.argv.(0) ^ " NAME [COUNT]");
  exit 2

let arg i = if i < Array.length Sys.argv then Some Sys.argv.(i) else None

let count () =
  match arg 2 with
  | None -> 1
  | Some s -> (
    match int_of_string_opt s with Some n when n > 0 -> n | _ -> usage ())

let all_args () =
  let rec collect i = if i >= Array.length Sys.argv then [] else Sys.argv.(i) :: collect (i + 1) in
  collect 1

let () =
  match arg 1 with
  | None -> print_endline (String.concat " " (all_args ()))
  | Some name ->
    for _ = 1 to count () do
      print_endline ("hello " ^ name)
    done
