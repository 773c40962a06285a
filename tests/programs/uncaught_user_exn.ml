(* An uncaught user exception with arguments. *)
exception Invalid_move of string * int

let move dir steps =
  if steps > 3 then raise (Invalid_move (dir, steps));
  Printf.printf "moved %s %d\n" dir steps

let () =
  move "north" 1;
  move "east" 3;
  move "south" 9
