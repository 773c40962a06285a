//! The anerisc frontend: lexer, parser, name resolution, type inference and diagnostics.
//!
//! Every phase returns its problems as [`diagnostic::Diagnostic`] values; [`render`] turns them
//! into text once, at the edge.

pub mod ast;
pub mod check;
pub mod codes;
pub mod deps;
pub mod diagnostic;
pub mod lexer;
pub mod loader;
pub mod names;
pub mod parser;
pub mod protocol;
pub mod render;
pub mod span;
pub mod token;
pub mod typed;
pub mod typing;
pub mod visit;
