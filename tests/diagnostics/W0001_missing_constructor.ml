type light = Red | Amber | Green

let next = function
  | Red -> Green
  | Green -> Amber
