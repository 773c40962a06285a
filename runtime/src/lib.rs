//! The anerisc runtime: what compiled node programs link against.
//!
//! Values and the garbage collector, `fork` threads under one global runtime lock, locks and
//! monitors, printing and strings, UDP sockets and the Aneris-compatible reliable channels
//! (with fault injection). Compiled code reaches it through the C ABI documented in
//! `runtime/README.md`; Rust code (tests, the reference interpreter) uses the Rust API.

pub mod abi;
pub mod abi_backend;
pub mod abi_net;
pub mod abi_strings;
pub mod alloc;
pub mod clock;
pub mod compare;
pub mod custom;
pub mod error;
pub mod format;
pub mod gc;
mod heap;
pub mod io;
pub mod net;
pub mod program;
pub mod roots;
pub mod sched;
pub mod stack_maps;
pub mod stackguard;
pub mod strings;
pub mod sync;
pub mod threads;
pub mod value;

pub use heap::GcStats;

/// The collector's counters so far.
pub fn gc_stats(m: &mut sched::Mutator) -> GcStats {
    m.state().heap.stats
}
