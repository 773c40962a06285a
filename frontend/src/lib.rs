//! The anerisc frontend: lexer, parser, module loading, name resolution and type inference.
//!
//! Every phase returns its problems as `anerisc_diag::diagnostic::Diagnostic` values, rendered
//! once, at the edge, by `anerisc_diag::render`.

pub mod ast;
pub mod check;
pub mod deps;
pub mod lexer;
pub mod library_modules;
pub mod loader;
pub mod names;
pub mod parser;
pub mod protocol;
pub mod token;
pub mod typed;
pub mod typing;
pub mod visit;
