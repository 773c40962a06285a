let describe o =
  match o with
  | Some x x
  | None -> 0
