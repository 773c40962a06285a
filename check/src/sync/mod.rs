//! Pretend synchrony (docs/verification.md): a system's nodes are extracted from the IR as process
//! programs, synchronized into one sequential program by matching each send with its
//! receive, and verified with Z3 against the system's `[@@ensures]` and loop invariants.

pub mod error;
pub mod extract;
pub mod print;
pub mod prog;
pub mod rename;
pub mod shape;
pub mod simplify;
pub mod spec;
pub mod synchronize;
pub mod system;
pub mod vc;
