(* A char is one byte; an accented letter in UTF-8 is two. *)
let e_acute = 'é'
