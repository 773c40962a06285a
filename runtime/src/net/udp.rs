//! The plain UDP sockets of `Ast`: `udp_socket`, `socketBind`, `sendTo`, `receiveFrom`,
//! `setReceiveTimeout`. Blocking calls block only the calling OS thread.

use super::faults::FaultConfig;
use super::transmit::{Transmitter, MAX_DATAGRAM};
use super::{lock, sys, NetError};
use std::io;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, UdpSocket};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// Kernel buffer size asked for every socket, so bursts are not lost in the kernel.
const SOCKET_BUFFER: usize = 4 << 20;

/// Binds a new UDP socket at `addr` with large kernel buffers.
pub(crate) fn open_socket(addr: SocketAddrV4) -> Result<Arc<UdpSocket>, NetError> {
    let sock = UdpSocket::bind(addr)?;
    sys::set_buffer_sizes(&sock, SOCKET_BUFFER);
    Ok(Arc::new(sock))
}

/// The sender of a datagram that arrived on an IPv4 socket.
pub(crate) fn v4(from: SocketAddr) -> SocketAddrV4 {
    match from {
        SocketAddr::V4(a) => a,
        SocketAddr::V6(a) => SocketAddrV4::new(
            a.ip().to_ipv4_mapped().unwrap_or(Ipv4Addr::UNSPECIFIED),
            a.port(),
        ),
    }
}

/// A UDP socket of the `Ast` API: made unbound, bound once (explicitly, or implicitly to an
/// ephemeral port by the first `sendTo`).
#[derive(Default)]
pub struct UdpSock {
    bound: OnceLock<Transmitter>,
    timeout: Mutex<Option<Duration>>,
    own_faults: Mutex<Option<FaultConfig>>,
}

impl UdpSock {
    /// `udp_socket ()`: a socket that is not bound yet.
    pub fn new() -> UdpSock {
        UdpSock::default()
    }

    /// `socketBind s addr`.
    pub fn bind(&self, addr: SocketAddrV4) -> Result<(), NetError> {
        if self.bound.get().is_some() {
            return Err(NetError::AlreadyBound);
        }
        let sock = open_socket(addr)?;
        sock.set_read_timeout(*lock(&self.timeout))?;
        let tx = Transmitter::new(sock)?;
        if let Some(cfg) = *lock(&self.own_faults) {
            tx.set_faults(cfg);
        }
        self.bound.set(tx).map_err(|_| NetError::AlreadyBound)
    }

    /// The address the socket is bound at, if it is bound.
    pub fn local_addr(&self) -> Option<SocketAddrV4> {
        let tx = self.bound.get()?;
        tx.socket().local_addr().ok().map(v4)
    }

    /// `sendTo s msg addr`: the number of bytes sent (a datagram lost by fault injection
    /// counts as sent, as on a real network).
    pub fn send_to(&self, msg: &[u8], dst: SocketAddrV4) -> Result<usize, NetError> {
        if msg.len() > MAX_DATAGRAM {
            return Err(NetError::TooLarge(msg.len()));
        }
        if self.bound.get().is_none() {
            match self.bind(SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, 0)) {
                Ok(()) | Err(NetError::AlreadyBound) => {}
                Err(e) => return Err(e),
            }
        }
        let tx = self.bound.get().ok_or(NetError::NotBound)?;
        Ok(tx.send(msg, dst)?)
    }

    /// `receiveFrom s`: the next datagram and its sender, or `None` once the receive
    /// timeout has passed.
    pub fn receive_from(&self) -> Result<Option<(Vec<u8>, SocketAddrV4)>, NetError> {
        let tx = self.bound.get().ok_or(NetError::NotBound)?;
        let mut buf = vec![0u8; MAX_DATAGRAM + 1];
        loop {
            match tx.socket().recv_from(&mut buf) {
                Ok((n, from)) => {
                    buf.truncate(n);
                    return Ok(Some((buf, v4(from))));
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    return Ok(None)
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// `setReceiveTimeout s sec usec`; `0 0` means no timeout.
    pub fn set_receive_timeout(&self, sec: i64, usec: i64) -> Result<(), NetError> {
        if sec < 0 || usec < 0 {
            return Err(NetError::BadTimeout(sec, usec));
        }
        let d = Duration::from_secs(sec as u64) + Duration::from_micros(usec as u64);
        let timeout = (!d.is_zero()).then_some(d);
        *lock(&self.timeout) = timeout;
        if let Some(tx) = self.bound.get() {
            tx.socket().set_read_timeout(timeout)?;
        }
        Ok(())
    }

    /// Gives this socket a fault setting of its own (instead of the process-wide one).
    pub fn set_faults(&self, cfg: FaultConfig) {
        *lock(&self.own_faults) = Some(cfg);
        if let Some(tx) = self.bound.get() {
            tx.set_faults(cfg);
        }
    }
}
