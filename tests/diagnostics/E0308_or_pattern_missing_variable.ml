open Ast

let value = function InjL x | InjR _ -> x
