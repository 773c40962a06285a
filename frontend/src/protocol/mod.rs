//! Session protocols (docs/protocols.md): their syntax, their validation, and where a program
//! declares and uses them.

pub mod collect;
pub mod serializer_types;
pub mod syntax;
pub mod validate;
