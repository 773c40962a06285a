//! Diagnostics as values, for every phase of anerisc: source files and spans ([`span`]), the
//! stable codes with their explanations ([`codes`]), the [`diagnostic::Diagnostic`] value and
//! its builder, and the one renderer that turns diagnostics into text ([`render`]).

pub mod codes;
pub mod diagnostic;
pub mod render;
pub mod span;
