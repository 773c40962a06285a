let x = 1
(* the rest of the file is swallowed by this comment
let y = 2
