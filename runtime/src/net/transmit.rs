//! Sending datagrams through the socket's fault injection.

use super::faults::{FaultConfig, FaultState};
use super::lock;
use super::NetError;
use super::{delayed, sys};
use std::io;
use std::net::{SocketAddrV4, UdpSocket};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The largest payload of a UDP datagram over IPv4.
pub const MAX_DATAGRAM: usize = 65_507;

/// A bound UDP socket's sending side: every datagram passes the fault decisions.
pub(crate) struct Transmitter {
    sock: Arc<UdpSocket>,
    faults: Mutex<FaultState>,
    /// Batches may use UDP segmentation offload (cleared if the kernel refuses it).
    offload: AtomicBool,
}

impl Transmitter {
    /// Wraps `sock`, following the process-wide fault setting.
    pub fn new(sock: Arc<UdpSocket>) -> Result<Transmitter, NetError> {
        Ok(Transmitter {
            sock,
            faults: Mutex::new(FaultState::new()?),
            offload: AtomicBool::new(true),
        })
    }

    /// The socket itself (for receiving).
    pub fn socket(&self) -> &Arc<UdpSocket> {
        &self.sock
    }

    /// Gives this socket a fault setting of its own.
    pub fn set_faults(&self, cfg: FaultConfig) {
        lock(&self.faults).set_own(cfg);
    }

    /// Sends `bytes` to `dst` (perhaps dropped, duplicated or held back); returns the length.
    pub fn send(&self, bytes: &[u8], dst: SocketAddrV4) -> io::Result<usize> {
        let plan = lock(&self.faults).plan();
        let Some(plan) = plan else {
            return self.sock.send_to(bytes, dst);
        };
        for hold in plan.copies {
            if hold == Duration::ZERO {
                self.sock.send_to(bytes, dst)?;
            } else {
                delayed::send_later(&self.sock, bytes, dst, hold);
            }
        }
        Ok(bytes.len())
    }

    /// Sends every datagram of `batch` to `dst`, each through the fault decisions, the
    /// ones due now in as few system calls as possible.
    pub fn send_all(&self, batch: &[Arc<[u8]>], dst: SocketAddrV4) -> io::Result<()> {
        let mut now: Vec<&[u8]> = Vec::with_capacity(batch.len());
        {
            let mut faults = lock(&self.faults);
            for bytes in batch {
                match faults.plan() {
                    None => now.push(bytes),
                    Some(plan) => {
                        for hold in plan.copies {
                            if hold == Duration::ZERO {
                                now.push(bytes);
                            } else {
                                delayed::send_later(&self.sock, bytes, dst, hold);
                            }
                        }
                    }
                }
            }
        }
        sys::send_batch(&self.sock, &now, dst, &self.offload)
    }
}
