//! The checkers that read the IR: the session checker (every reliable channel against its
//! protocol, [`session`]), the Z3 encoding they share ([`smt`]) and pretend synchrony, which
//! verifies whole systems ([`sync`], `anerisc verify`).

pub mod session;
pub mod smt;
pub mod sync;
