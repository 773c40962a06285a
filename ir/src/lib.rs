//! The anerisc IR: lowering from the typed AST, verifier, protocol checker and reference interpreter.
