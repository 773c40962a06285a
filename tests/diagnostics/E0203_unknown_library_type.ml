let addr (a : Ast.address) = a
