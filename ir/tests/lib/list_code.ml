(* The Aneris list encoding, for the IR tests until the library's own sources exist. *)
let list_nil = None
let list_cons x l = Some (x, l)
