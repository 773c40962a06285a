(* outer comment (* inner comment closed *)
   but the outer one is not *
let x = 1
