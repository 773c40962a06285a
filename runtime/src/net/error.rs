//! Errors of the networking layer, as values.

use std::fmt;
use std::io;

/// Everything that can go wrong in a UDP or reliable-channel call.
#[derive(Debug)]
pub enum NetError {
    /// The text is not an IPv4 address or the port is outside 0..=65535.
    BadAddress(String),
    /// `socketBind` on a socket that is already bound.
    AlreadyBound,
    /// A receive on a socket that was never bound (nothing can arrive).
    NotBound,
    /// A datagram longer than UDP over IPv4 can carry.
    TooLarge(usize),
    /// A receive timeout with negative parts.
    BadTimeout(i64, i64),
    /// `ANERIS_NET_FAULTS` (or a programmatic fault setting) is malformed.
    Faults(String),
    /// `connect` on a client socket that already has a channel.
    AlreadyConnected,
    /// `server_listen` on a socket that is already listening.
    AlreadyListening,
    /// `accept` on a server socket that is not listening.
    NotListening,
    /// A bounded wait ended before the awaited event.
    TimedOut,
    /// The endpoint was shut down.
    Closed,
    /// An operating-system error.
    Io(io::Error),
}

impl fmt::Display for NetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NetError::BadAddress(what) => write!(f, "bad address: {what}"),
            NetError::AlreadyBound => write!(f, "socketBind: the socket is already bound"),
            NetError::NotBound => write!(f, "receiveFrom: the socket is not bound"),
            NetError::TooLarge(n) => {
                write!(
                    f,
                    "message of {n} bytes is larger than a UDP datagram can carry"
                )
            }
            NetError::BadTimeout(s, us) => {
                write!(f, "setReceiveTimeout: negative timeout ({s} s, {us} us)")
            }
            NetError::Faults(msg) => write!(f, "ANERIS_NET_FAULTS: {msg}"),
            NetError::AlreadyConnected => {
                write!(f, "connect: the client socket is already connected")
            }
            NetError::AlreadyListening => {
                write!(f, "server_listen: the socket is already listening")
            }
            NetError::NotListening => write!(f, "accept: the socket is not listening"),
            NetError::TimedOut => write!(f, "timed out"),
            NetError::Closed => write!(f, "the endpoint is closed"),
            NetError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for NetError {}

impl From<io::Error> for NetError {
    fn from(e: io::Error) -> Self {
        NetError::Io(e)
    }
}
