//! The session-protocol checker (PROTOCOLS.md): protocols as graphs ([`graph`]), endpoint
//! states with sending ahead ([`cursor`]).

pub mod cursor;
pub mod graph;
