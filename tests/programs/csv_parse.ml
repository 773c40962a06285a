(* Parsing comma-separated lines with String.index_from_opt and String.sub. *)
let split_fields line =
  let rec go start acc =
    match String.index_from_opt line start ',' with
    | Some i -> go (i + 1) (String.sub line start (i - start) :: acc)
    | None -> List.rev (String.sub line start (String.length line - start) :: acc)
  in
  go 0 []

let data = "name,qty,price\nwidget,4,2.50\ngadget,10,0.99\n,0,0\nthing,x,1"

let () =
  let lines = String.split_on_char '\n' data in
  let header = split_fields (List.hd lines) in
  Printf.printf "%d columns: %s\n" (List.length header) (String.concat "|" header);
  let total = ref 0.0 in
  List.iter (fun line ->
      match split_fields line with
      | [name; qty; price] ->
          (match int_of_string_opt qty with
           | Some q ->
               let cost = float_of_int q *. float_of_string price in
               total := !total +. cost;
               Printf.printf "%-8s %3d x %5.2f = %6.2f\n" (if name = "" then "(none)" else name) q (float_of_string price) cost
           | None -> Printf.printf "bad quantity %s\n" qty)
      | fields -> Printf.printf "bad line with %d fields\n" (List.length fields)) (List.tl lines);
  Printf.printf "total %.2f\n" !total
