//! Counters of what an endpoint received, dropped and resent.

use std::sync::atomic::{AtomicU64, Ordering};

macro_rules! counters {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {
        /// A snapshot of an endpoint's counters.
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct NetStats {
            $($(#[$doc])* pub $name: u64,)*
        }

        /// The live counters of an endpoint, bumped by its threads.
        #[derive(Debug, Default)]
        pub(crate) struct Counters {
            $(pub(crate) $name: AtomicU64,)*
        }

        impl Counters {
            /// The current values.
            pub fn snapshot(&self) -> NetStats {
                NetStats { $($name: self.$name.load(Ordering::Relaxed),)* }
            }
        }
    };
}

counters! {
    /// Datagrams received on the socket.
    datagrams,
    /// Datagrams that are not frames of the wire format (garbage, truncated).
    malformed,
    /// Frames from an address that has no channel here.
    unknown_peer,
    /// Handshake messages that do not fit the state of their sender.
    unexpected_handshake,
    /// `COOKIE` messages whose cookie is wrong.
    bad_cookie,
    /// Connections refused because the accept backlog was full.
    backlog_full,
    /// Data frames with a sequence number below zero or too far ahead.
    absurd_seq,
    /// Acknowledgements of frames never sent.
    absurd_ack,
    /// Data frames received twice.
    duplicates,
    /// Data frames dropped because the reader is too far behind.
    inbox_full,
    /// Frames sent again.
    retransmits,
    /// Retransmission timeouts that fired.
    timeouts,
    /// Failed socket operations.
    io_errors,
}

/// Adds one to a counter.
pub(crate) fn bump(cell: &AtomicU64) {
    cell.fetch_add(1, Ordering::Relaxed);
}
