let name = function
  | Some s -> s ^ "!"
  | None -> 0
