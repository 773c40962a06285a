//! Session protocols (PROTOCOLS.md): their syntax, their validation, and where a program
//! declares and uses them.

pub mod collect;
pub mod syntax;
pub mod validate;
