open Ast

let left = Injl 1
