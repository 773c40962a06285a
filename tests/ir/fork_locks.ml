open Ast
let () =
  let l = newlock () in
  let r = ref 0 in
  fork (fun n -> acquire l; r := !r + n; release l) 5;
  acquire l; r := !r + 1; release l
