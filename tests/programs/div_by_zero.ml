(* Division_by_zero from / and mod, caught; float division by zero does not raise. *)
let safe f = try string_of_int (f ()) with Division_by_zero -> "Division_by_zero"

let () =
  print_endline (safe (fun () -> 10 / 3));
  print_endline (safe (fun () -> 10 / 0));
  print_endline (safe (fun () -> 10 mod 0));
  let zero = List.length [] in
  print_endline (safe (fun () -> 1 / zero));
  Printf.printf "%f %f\n" (1.0 /. 0.0) (-1.0 /. 0.0);
  Printf.printf "%b\n" (0.0 /. 0.0 <> 0.0 /. 0.0);
  let average l = try Some (List.fold_left ( + ) 0 l / List.length l) with Division_by_zero -> None in
  List.iter (fun l -> match average l with Some a -> Printf.printf "avg %d\n" a | None -> print_endline "avg of nothing") [[1; 2; 6]; []]
