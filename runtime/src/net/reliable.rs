//! The reliable channels of `Client_server_code`, at the level of bytes: the stdlib's
//! serializers turn values into the message bytes these calls carry.
//!
//! Blocking calls (`connect`, `accept`, `recv`) block only the calling OS thread and are
//! woken by the arrival they wait for, so the ABI layer can release the global runtime
//! lock around them.

use super::channel::ChanState;
use super::endpoint::{Endpoint, Owner};
use super::faults::FaultConfig;
use super::stats::NetStats;
use super::transmit::MAX_DATAGRAM;
use super::NetError;
use std::net::SocketAddrV4;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How many bytes of a message that cannot be deserialized the failure shows.
const MESSAGE_SHOWN: usize = 32;

/// The largest message a channel carries (the frame header must fit in the datagram too).
pub const MAX_MESSAGE: usize = MAX_DATAGRAM - 64;

/// `make_client_skt`: a bound socket that can open one channel with `connect`.
pub struct ClientSocket(Arc<Owner>);

/// `make_server_skt`: a bound socket that, once listening, accepts many channels.
pub struct ServerSocket(Arc<Owner>);

/// `chan_descr`: one end of a reliable channel. Clones share the channel.
#[derive(Clone)]
pub struct Channel {
    owner: Arc<Owner>,
    state: Arc<ChanState>,
}

/// The methods both kinds of socket have.
macro_rules! socket_common {
    ($t:ty) => {
        impl $t {
            /// The bound address.
            pub fn local_addr(&self) -> SocketAddrV4 {
                self.0 .0.local()
            }

            /// What the socket received, dropped and resent so far.
            pub fn stats(&self) -> NetStats {
                self.0 .0.stats()
            }

            /// Gives this socket a fault setting of its own (instead of the process-wide one).
            pub fn set_faults(&self, cfg: FaultConfig) {
                self.0 .0.set_faults(cfg);
            }
        }
    };
}

socket_common!(ClientSocket);
socket_common!(ServerSocket);

impl ClientSocket {
    /// `make_client_skt ser deser addr`: binds `addr` (port 0 picks a free one).
    pub fn bind(addr: SocketAddrV4) -> Result<ClientSocket, NetError> {
        Endpoint::open(addr).map(ClientSocket)
    }

    /// `connect skt server`: the handshake, resent until the server answers.
    pub fn connect(&self, server: SocketAddrV4) -> Result<Channel, NetError> {
        self.connect_within(server, None)
    }

    /// `connect`, giving up with `TimedOut` after `timeout`.
    pub fn connect_timeout(
        &self,
        server: SocketAddrV4,
        timeout: Duration,
    ) -> Result<Channel, NetError> {
        self.connect_within(server, Some(timeout))
    }

    fn connect_within(
        &self,
        server: SocketAddrV4,
        timeout: Option<Duration>,
    ) -> Result<Channel, NetError> {
        let state = self.0 .0.connect(server, timeout)?;
        Ok(Channel {
            owner: self.0.clone(),
            state,
        })
    }
}

impl ServerSocket {
    /// `make_server_skt ser deser addr`: binds `addr` (port 0 picks a free one).
    pub fn bind(addr: SocketAddrV4) -> Result<ServerSocket, NetError> {
        Endpoint::open(addr).map(ServerSocket)
    }

    /// `server_listen`: from now on handshakes are answered and channels queued for `accept`.
    pub fn listen(&self) -> Result<(), NetError> {
        self.0 .0.listen()
    }

    /// `accept`: the next connected client's channel and address.
    pub fn accept(&self) -> Result<(Channel, SocketAddrV4), NetError> {
        self.accept_within(None)
    }

    /// `accept`, giving up with `TimedOut` after `timeout`.
    pub fn accept_timeout(&self, timeout: Duration) -> Result<(Channel, SocketAddrV4), NetError> {
        self.accept_within(Some(timeout))
    }

    fn accept_within(
        &self,
        timeout: Option<Duration>,
    ) -> Result<(Channel, SocketAddrV4), NetError> {
        let state = self.0 .0.accept(timeout)?;
        let peer = state.peer;
        Ok((
            Channel {
                owner: self.0.clone(),
                state,
            },
            peer,
        ))
    }

    /// How many channels the server holds, and how many of them wait to be accepted.
    /// Handshakes in progress hold no state (the cookie is recomputed, not stored).
    pub fn connection_counts(&self) -> (usize, usize) {
        self.0 .0.connection_counts()
    }
}

impl Channel {
    /// `send c msg`: queues the message; never blocks on the network.
    pub fn send(&self, msg: &[u8]) -> Result<(), NetError> {
        if msg.len() > MAX_MESSAGE {
            return Err(NetError::TooLarge(msg.len()));
        }
        let out = self.state.send(msg, Instant::now());
        self.owner.0.emit(self.state.peer, out);
        Ok(())
    }

    /// `recv c`: the next message, waiting for it.
    pub fn recv(&self) -> Vec<u8> {
        loop {
            if let Some(msg) = self.owner.0.receive(&self.state, None) {
                return msg;
            }
        }
    }

    /// `recv`, or `None` if nothing arrives within `timeout`.
    pub fn recv_timeout(&self, timeout: Duration) -> Option<Vec<u8>> {
        // A timeout too long to represent waits without a limit.
        let give_up = Instant::now().checked_add(timeout);
        self.owner.0.receive(&self.state, give_up)
    }

    /// The next message if one is already delivered, without reading the socket.
    pub fn take_delivered(&self) -> Option<Vec<u8>> {
        self.state.take().ok()
    }

    /// `try_recv c`: the next message if one has arrived.
    pub fn try_recv(&self) -> Option<Vec<u8>> {
        self.owner.0.receive(&self.state, Some(Instant::now()))
    }

    /// The address of the other end.
    pub fn peer(&self) -> SocketAddrV4 {
        self.state.peer
    }

    /// What this channel's socket received, dropped and resent so far.
    pub fn stats(&self) -> NetStats {
        self.owner.0.stats()
    }

    /// The text of the `Failure` that `recv` raises when the channel's deserializer failed
    /// with `Failure why` on message `msg`: `why`, the start of the message (escaped) and
    /// the channel's two addresses, as the OCaml shim writes it.
    pub fn deserialize_failure(&self, why: &[u8], msg: &[u8]) -> String {
        let shown = &msg[..msg.len().min(MESSAGE_SHOWN)];
        let more = if msg.len() > MESSAGE_SHOWN { "..." } else { "" };
        format!(
            "{} (message \"{}\"{more} on channel {} <-> {})",
            String::from_utf8_lossy(why),
            String::from_utf8_lossy(&crate::strings::escaped(shown)),
            self.owner.0.local(),
            self.state.peer
        )
    }
}
