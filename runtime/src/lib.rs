//! The anerisc runtime: what compiled node programs link against.
//!
//! Values and the garbage collector, `fork` threads under one global runtime lock, locks and
//! monitors, printing and strings, UDP sockets and the Aneris-compatible reliable channels
//! (with fault injection). Compiled code reaches it through the C ABI documented in
//! `runtime/README.md`; Rust code (tests, the reference interpreter) uses the Rust API.

pub mod net;
