let flag = function
  | Some true -> 1
  | Some _ -> 2
  | Some false -> 3
  | None -> 0
