(* |> and @@ pipelines, sequencing with ; and begin ... end. *)
let square x = x * x
let is_even x = x mod 2 = 0

let () =
  [1; 2; 3; 4; 5; 6]
  |> List.filter is_even
  |> List.map square
  |> List.fold_left ( + ) 0
  |> string_of_int
  |> print_endline;
  print_endline @@ String.concat ", " @@ List.map string_of_int @@ List.rev [1; 2; 3];
  let result = 10 |> (fun x -> x + 1) |> square in
  Printf.printf "%d\n" result;
  let steps = ref [] in
  begin
    steps := "one" :: !steps;
    steps := "two" :: !steps
  end;
  (steps := "three" :: !steps);
  print_endline (String.concat " " (List.rev !steps));
  "words in a row" |> String.split_on_char ' ' |> List.map String.length |> List.iter (Printf.printf "%d ");
  print_newline ()
