//! Reading an endpoint's socket. One thread reads it at a time: the endpoint's background
//! thread, or, while traffic flows, an application thread waiting in `recv` ("the socket is
//! lent"). A reader handles every datagram of a burst, whatever channel it is for, so a
//! message reaches a thread that reads the socket itself without a hand-off between threads.
//!
//! The background thread lends the socket when it has just woken a thread waiting in
//! `recv`, and takes it back when no application thread has entered or left the socket for
//! a lease (`LEASE`), or at once when an application thread leaves it while others wait.
//! While the socket is lent the background thread looks once a lease (and sends the
//! acknowledgements that are due); while an application thread sits in the socket longer
//! than a lease, it sleeps until that thread leaves. Idle, nothing wakes on a timer.

use super::channel::{AckDecision, ChanState};
use super::lock;
use super::sys::{self, RecvBatch};
use super::transmit::MAX_DATAGRAM;
use std::net::{SocketAddrV4, UdpSocket};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Datagrams handled in one burst (one `recvmmsg`) before its acknowledgements go out.
const BURST: usize = 32;
/// How long an acknowledgement of in-order data may wait for more data, or for data going
/// the other way, to share it.
const ACK_DELAY: Duration = Duration::from_micros(200);
/// While the socket is lent, how often the background thread looks whether it is still
/// read (and sends the delayed acknowledgements that are due).
const LEASE: Duration = ACK_DELAY;

/// What the reader of a burst does with datagrams: the endpoint.
pub(crate) trait Dispatch {
    /// Handles one datagram; channels that received data are added to `touched`.
    fn on_datagram(&self, bytes: &[u8], from: SocketAddrV4, touched: &mut Vec<Arc<ChanState>>);
    /// Sends an acknowledgement.
    fn send_ack(&self, ack: &[u8], peer: SocketAddrV4);
    /// Counts a failed socket operation.
    fn io_error(&self);
    /// Whether the endpoint is shut down.
    fn closed(&self) -> bool;
}

/// Who reads the socket.
#[derive(Default)]
struct Token {
    /// Application threads read the socket; the background thread stays off it.
    lent: bool,
    /// An application thread reads the socket now.
    inside: bool,
    /// An application thread entered or left the socket since the background thread last
    /// looked.
    renewed: bool,
    /// Application threads waiting for a message while the socket is not theirs to read.
    waiting: usize,
    /// The background thread sleeps until the application thread inside leaves.
    parked: bool,
}

/// What the current reader works with: the receive buffers and the channels touched.
struct Burst {
    batch: RecvBatch,
    touched: Vec<Arc<ChanState>>,
}

/// The reading side of an endpoint's socket.
pub(crate) struct Reader {
    sock: Arc<UdpSocket>,
    token: Mutex<Token>,
    /// Signalled for the background thread: the socket is handed back, or shutdown.
    token_changed: Condvar,
    /// Held by the one reader for the length of a burst.
    burst: Mutex<Burst>,
    /// Channels whose acknowledgement may wait (see `ChanState::ack_waits_since`).
    deferred: Mutex<Vec<Arc<ChanState>>>,
}

impl Reader {
    /// The reading side of `sock`.
    pub fn new(sock: Arc<UdpSocket>) -> Reader {
        Reader {
            sock,
            token: Mutex::default(),
            token_changed: Condvar::new(),
            burst: Mutex::new(Burst {
                batch: RecvBatch::new(BURST, MAX_DATAGRAM + 1),
                touched: Vec::new(),
            }),
            deferred: Mutex::default(),
        }
    }

    /// Wakes the background thread wherever it sleeps off the socket (for shutdown).
    pub fn wake_background(&self) {
        let _token = lock(&self.token);
        self.token_changed.notify_all();
    }

    /// The background thread: reads the socket whenever no application thread does.
    pub fn background(&self, ep: &impl Dispatch) {
        while !ep.closed() {
            let mut t = lock(&self.token);
            if t.lent {
                let looked = std::mem::take(&mut t.renewed);
                if t.inside || looked {
                    // Still read: sleep a lease, or until the reader inside leaves.
                    t.parked = t.inside && !looked;
                    t = if t.parked {
                        self.token_changed
                            .wait(t)
                            .unwrap_or_else(|p| p.into_inner())
                    } else {
                        self.token_changed
                            .wait_timeout(t, LEASE)
                            .unwrap_or_else(|p| p.into_inner())
                            .0
                    };
                    t.parked = false;
                    drop(t);
                    self.flush_due(ep);
                    continue;
                }
                t.lent = false;
            }
            drop(t);
            let woke = self.burst(ep, None);
            if woke {
                let mut t = lock(&self.token);
                t.lent = true;
                t.renewed = true;
            }
        }
    }

    /// `recv` on `chan`: the next message, reading the socket itself when it may, waiting
    /// for the reader otherwise; at most until `give_up` (`None`: no limit).
    pub fn receive(
        &self,
        ep: &impl Dispatch,
        chan: &ChanState,
        give_up: Option<Instant>,
    ) -> Option<Vec<u8>> {
        let mut last_look = false;
        loop {
            let empty = match chan.take() {
                Ok(msg) => return Some(msg),
                Err(empty) => empty,
            };
            if last_look {
                return None;
            }
            let expired = give_up.is_some_and(|t| Instant::now() >= t);
            if self.enter_or_queue(!expired) {
                drop(empty);
                let _inside = Inside(self);
                self.burst(ep, give_up);
                last_look = expired;
                continue;
            }
            if expired {
                return None;
            }
            empty.wait(give_up);
            lock(&self.token).waiting -= 1;
        }
    }

    /// Takes the socket if it is lent and nobody reads it; otherwise, if `queue`, counts the
    /// caller among the threads waiting for the reader.
    fn enter_or_queue(&self, queue: bool) -> bool {
        let mut t = lock(&self.token);
        if t.lent && !t.inside {
            t.inside = true;
            t.renewed = true;
            true
        } else {
            t.waiting += usize::from(queue);
            false
        }
    }

    /// Leaves the socket (see [`Inside`]); hands it back to the background thread if
    /// other threads wait for messages (the background thread then reads for them).
    fn leave(&self) {
        let mut t = lock(&self.token);
        t.inside = false;
        // Leaving counts as using the socket: a thread that comes back within a lease (a
        // request/reply loop) keeps it even if it did not enter again during the last one.
        t.renewed = true;
        if t.waiting > 0 {
            t.lent = false;
            self.token_changed.notify_all();
        } else if t.parked {
            self.token_changed.notify_all();
        }
    }

    /// Reads one burst: waits until datagrams arrive, the oldest delayed acknowledgement
    /// is due or `until` passes (`None`: no limit), handles what arrived and sends the
    /// acknowledgements. Returns whether a thread waiting in `recv` was woken.
    fn burst(&self, ep: &impl Dispatch, until: Option<Instant>) -> bool {
        let mut guard = lock(&self.burst);
        let b = &mut *guard;
        let ack_due = self.ack_due();
        let limit = match (until, ack_due) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let received = match limit {
            None => b.batch.receive(&self.sock, true),
            Some(t) => {
                match sys::wait_readable(&self.sock, t.saturating_duration_since(Instant::now())) {
                    Ok(true) => b.batch.receive(&self.sock, false),
                    Ok(false) => Ok(0),
                    Err(e) => Err(e),
                }
            }
        };
        let count = received.unwrap_or_else(|_| {
            ep.io_error();
            0
        });
        for (bytes, from) in b.batch.datagrams(count) {
            ep.on_datagram(bytes, from, &mut b.touched);
        }
        let mut woke = false;
        for chan in b.touched.drain(..) {
            let (decision, woken) = chan.end_burst(false);
            woke |= woken;
            match decision {
                AckDecision::Now(ack) => ep.send_ack(&ack, chan.peer),
                AckDecision::Later => {
                    let mut d = lock(&self.deferred);
                    if !d.iter().any(|c| Arc::ptr_eq(c, &chan)) {
                        d.push(chan);
                    }
                }
                AckDecision::Nothing => {}
            }
        }
        drop(guard);
        self.flush_due(ep);
        woke
    }

    /// When the oldest delayed acknowledgement is due; forgets channels whose
    /// acknowledgement already left (with data going the other way).
    fn ack_due(&self) -> Option<Instant> {
        let mut d = lock(&self.deferred);
        let mut due: Option<Instant> = None;
        d.retain(|chan| match chan.ack_waits_since() {
            Some(since) => {
                due = Some(due.map_or(since, |t| t.min(since)));
                true
            }
            None => false,
        });
        due.map(|since| since + ACK_DELAY)
    }

    /// Sends the delayed acknowledgements that have waited `ACK_DELAY`.
    fn flush_due(&self, ep: &impl Dispatch) {
        let now = Instant::now();
        let due: Vec<Arc<ChanState>> = {
            let mut d = lock(&self.deferred);
            if d.is_empty() {
                return;
            }
            let mut due = Vec::new();
            d.retain(|chan| match chan.ack_waits_since() {
                Some(since) if now.duration_since(since) < ACK_DELAY => true,
                Some(_) => {
                    due.push(chan.clone());
                    false
                }
                None => false,
            });
            due
        };
        for chan in due {
            if let (AckDecision::Now(ack), _) = chan.end_burst(true) {
                ep.send_ack(&ack, chan.peer);
            }
        }
    }
}

/// An application thread inside the socket; dropping it leaves, even on unwinding, so the
/// background thread never waits for a reader that is gone.
struct Inside<'a>(&'a Reader);

impl Drop for Inside<'_> {
    fn drop(&mut self) {
        self.0.leave();
    }
}
