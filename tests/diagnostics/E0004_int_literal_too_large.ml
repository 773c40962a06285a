(* max_int is 4611686018427387903 on 64-bit OCaml. *)
let too_big = 4611686018427387904
(* only -4611686018427387904 (min_int) may be written with this magnitude *)
