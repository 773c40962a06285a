let pick = function (x, 0) | (0, y) -> x | _ -> 0
