//! UDP transport, fault injection and reliable channels.
//!
//! The runtime moves bytes: the stdlib's serializers (OCaml side) produce the messages.
//! - [`udp`]: the plain sockets of `Ast` (`udp_socket`, `socketBind`, `sendTo`, ...).
//! - [`reliable`]: the channels of `Client_server_code`, wire-compatible with Aneris
//!   (see `runtime/PROTOCOL.md`).
//! - [`faults`]: `ANERIS_NET_FAULTS` and `set_send_fault_flags`, applied to every datagram.

mod addr;
mod channel;
mod delayed;
mod endpoint;
mod error;
pub mod faults;
mod reader;
pub mod reliable;
mod rng;
mod rto;
mod stats;
mod sys;
mod transmit;
pub mod udp;
pub mod wire;

pub use addr::make_address;
pub use endpoint::ACCEPT_BACKLOG;
pub use error::NetError;
pub use faults::FaultConfig;
pub use reliable::{Channel, ClientSocket, ServerSocket, MAX_MESSAGE};
pub use stats::NetStats;
pub use transmit::MAX_DATAGRAM;
pub use udp::UdpSock;

/// Locks a mutex, ignoring poisoning: every critical section leaves its data consistent.
pub(crate) fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
