//! The anerisc IR: its data structures and text format, lowering from the typed AST, the
//! verifier, the IR-to-IR passes, and the reference interpreter.

pub mod cfg;
pub mod interp;
pub mod ir;
pub mod load;
pub mod lower;
pub mod passes;
pub mod prim;
pub mod print;
pub mod verify;
