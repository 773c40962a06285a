//! One reliable channel's state: the frames it has sent and not yet seen acknowledged, and
//! the frames it has received. Pure bookkeeping: the endpoint moves the datagrams.

use super::lock;
use super::rto::Rto;
use super::stats::{bump, Counters};
use super::wire;
use std::collections::{BTreeMap, VecDeque};
use std::net::SocketAddrV4;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// At most this many frames are in flight (sent, not acknowledged) per channel.
const WINDOW_FRAMES: u64 = 256;
/// At most this many bytes are in flight per channel.
const WINDOW_BYTES: usize = 2 << 20;
/// Frames this far ahead of the next expected one are dropped instead of kept.
const EARLY_FRAMES: u64 = 2 * WINDOW_FRAMES;
/// The bytes of early frames a channel keeps at most.
const EARLY_BYTES: usize = 16 << 20;
/// In-order data frames acknowledged together at most.
const ACK_EVERY: u32 = 16;
/// `send` transmits at once only while fewer frames than this are in flight; beyond, the
/// frames wait for the next acknowledgement, which releases them together in one batch.
/// A receiver acknowledges every `ACK_EVERY` in-order frames at once, so they do not wait
/// long, and twice that many in flight bring two acknowledgements: one lost
/// acknowledgement does not hold the waiting frames back until a timeout.
const EAGER_FRAMES: u64 = 2 * ACK_EVERY as u64;
/// Frames resent at most when the retransmission timer fires.
const TIMEOUT_RESEND: usize = 32;
/// Received messages not yet taken by `recv`, at most (beyond, the sender is held back).
const INBOX_MESSAGES: usize = 1 << 16;
/// The bytes of received messages not yet taken by `recv`, at most.
const INBOX_BYTES: usize = 64 << 20;

/// A frame sent and not yet acknowledged.
struct OutFrame {
    bytes: Arc<[u8]>,
    /// When it was last transmitted (`None`: waiting for room in the window).
    last_sent: Option<Instant>,
    sends: u32,
}

struct Inner {
    /// The sequence number of the next message `send` takes.
    next_seq: u64,
    /// Every frame below this number is acknowledged.
    acked: u64,
    /// The frames `acked..next_seq`.
    queue: VecDeque<OutFrame>,
    /// Frames below this number have been transmitted at least once.
    sent_upto: u64,
    in_flight_bytes: usize,
    rto: Rto,
    /// When the oldest unacknowledged frame is resent if nothing is acknowledged before.
    deadline: Option<Instant>,
    /// While `acked` is below this, a loss was detected and acknowledgements that advance
    /// only part of the way name the next hole (0: not recovering).
    recover_until: u64,
    /// When to resend the oldest frame that a duplicate acknowledgement asked for too early.
    repair_at: Option<Instant>,
    /// The sequence number of the next message to deliver.
    expected: u64,
    early: BTreeMap<u64, Vec<u8>>,
    early_bytes: usize,
    inbox: VecDeque<Vec<u8>>,
    inbox_bytes: usize,
    /// Data frames received since the last acknowledgement was sent.
    unacked_frames: u32,
    /// Something arrived that the sender must hear about at once (a duplicate, a frame out
    /// of order, a filled hole).
    ack_urgent: bool,
    /// Since when an acknowledgement waits for company (`None`: none waits).
    ack_waits_since: Option<Instant>,
    /// Messages were delivered since the readers were last woken.
    delivered: bool,
    /// Threads waiting in `recv`.
    waiting: usize,
}

/// The state of one channel, shared by the user's handle and the endpoint's threads.
pub(crate) struct ChanState {
    /// The address of the other end.
    pub peer: SocketAddrV4,
    inner: Mutex<Inner>,
    readable: Condvar,
}

/// What to do about acknowledging received data.
pub(crate) enum AckDecision {
    /// Nothing arrived since the last acknowledgement.
    Nothing,
    /// Send this acknowledgement now.
    Now(Vec<u8>),
    /// Wait a little: more data may come and share one acknowledgement.
    Later,
}

/// Frames to transmit to the peer, and whether the retransmission timer must be armed.
#[derive(Default)]
pub(crate) struct Output {
    /// Encoded frames, in order.
    pub frames: Vec<Arc<[u8]>>,
    /// A new deadline the endpoint's timer must not sleep past.
    pub arm: Option<Instant>,
}

impl ChanState {
    /// A fresh channel to `peer`, with a first round-trip measurement if one is known.
    pub fn new(peer: SocketAddrV4, rtt: Option<Duration>) -> Arc<ChanState> {
        let mut rto = Rto::new();
        if let Some(rtt) = rtt {
            rto.sample(rtt);
        }
        Arc::new(ChanState {
            peer,
            inner: Mutex::new(Inner {
                next_seq: 0,
                acked: 0,
                queue: VecDeque::new(),
                sent_upto: 0,
                in_flight_bytes: 0,
                rto,
                deadline: None,
                recover_until: 0,
                repair_at: None,
                expected: 0,
                early: BTreeMap::new(),
                early_bytes: 0,
                inbox: VecDeque::new(),
                inbox_bytes: 0,
                unacked_frames: 0,
                ack_urgent: false,
                ack_waits_since: None,
                delivered: false,
                waiting: 0,
            }),
            readable: Condvar::new(),
        })
    }

    /// Queues a message; returns what to transmit now (nothing when the window is full).
    pub fn send(&self, body: &[u8], now: Instant) -> Output {
        let mut s = lock(&self.inner);
        let seq = s.next_seq;
        s.next_seq += 1;
        let bytes = wire::data_shared(seq, body);
        s.queue.push_back(OutFrame {
            bytes,
            last_sent: None,
            sends: 0,
        });
        let mut out = Output::default();
        s.fill_window(now, EAGER_FRAMES, &mut out);
        if !out.frames.is_empty() && s.unacked_frames > 0 {
            // The acknowledgement that waits for company leaves with this data instead (the
            // format has no field for it in a data frame, but one `sendmmsg` carries both).
            out.frames.push(s.take_ack().into());
        }
        out
    }

    /// Handles an acknowledgement `n` (the next number the peer expects).
    pub fn on_ack(&self, n: i64, now: Instant, stats: &Counters) -> Output {
        let mut s = lock(&self.inner);
        let mut out = Output::default();
        let n = match u64::try_from(n) {
            Ok(n) if n <= s.sent_upto => n,
            _ => {
                bump(&stats.absurd_ack);
                return out;
            }
        };
        let advanced = n > s.acked;
        if advanced {
            s.repair_at = None;
            s.acknowledge(n, now);
            if s.acked < s.sent_upto {
                s.deadline = Some(now + s.rto.timeout());
            } else {
                s.deadline = None;
            }
        }
        let duplicate = !advanced && n == s.acked && s.acked < s.sent_upto;
        if duplicate && s.recover_until == 0 {
            // The receiver got something out of order: frame `acked` is missing. Recovery
            // lasts until what is in flight now is acknowledged (duplicates that our own
            // resends cause do not prolong it).
            s.recover_until = s.sent_upto;
        }
        if s.acked >= s.recover_until {
            s.recover_until = 0;
        }
        if duplicate || (advanced && s.recover_until > 0) {
            // In recovery, each acknowledgement names the next hole: resend it if it had
            // time to arrive.
            match s.repair_front(now, stats) {
                Ok(frame) => {
                    out.frames.push(frame);
                    out.arm = s.repair_at;
                }
                Err(due) => {
                    // Too early to presume it lost: look again when it will be.
                    if s.repair_at.is_none_or(|r| due < r) {
                        s.repair_at = Some(due);
                        out.arm = Some(due);
                    }
                }
            }
        }
        s.fill_window(now, WINDOW_FRAMES, &mut out);
        out
    }

    /// Resends the frame a duplicate acknowledgement asked for once it is presumed lost.
    /// When the deadline has passed, resends the oldest unacknowledged frame and the other
    /// frames in flight that had time to be acknowledged (at most `TIMEOUT_RESEND`): with
    /// cumulative acknowledgements alone the sender cannot tell which of them arrived, and
    /// the receiver keeps the ones that did. Returns the channel's next deadline.
    pub fn on_timer(
        &self,
        now: Instant,
        stats: &Counters,
        frames: &mut Vec<Arc<[u8]>>,
    ) -> Option<Instant> {
        let mut guard = lock(&self.inner);
        let s = &mut *guard;
        match s.deadline {
            Some(d) if d <= now && s.acked < s.sent_upto => {
                bump(&stats.timeouts);
                let repair_after = s.rto.repair_after();
                s.rto.back_off();
                let in_flight = (s.sent_upto - s.acked) as usize;
                for (i, frame) in s.queue.iter_mut().take(in_flight).enumerate() {
                    let stale = frame
                        .last_sent
                        .is_none_or(|t| now.duration_since(t) >= repair_after);
                    if i > 0 && (!stale || frames.len() >= TIMEOUT_RESEND) {
                        continue;
                    }
                    frame.last_sent = Some(now);
                    frame.sends += 1;
                    frames.push(frame.bytes.clone());
                    bump(&stats.retransmits);
                }
                s.deadline = Some(now + s.rto.timeout());
                s.recover_until = s.recover_until.max(s.sent_upto);
            }
            Some(_) if s.acked == s.sent_upto => s.deadline = None,
            _ => {}
        }
        if s.repair_at.is_some_and(|r| r <= now) {
            s.repair_at = None;
            if s.acked < s.sent_upto && s.recover_until > 0 {
                match s.repair_front(now, stats) {
                    Ok(frame) => frames.push(frame),
                    Err(due) => s.repair_at = Some(due),
                }
            }
        }
        match (s.deadline, s.repair_at) {
            (Some(d), Some(r)) => Some(d.min(r)),
            (d, r) => d.or(r),
        }
    }

    /// Handles a data frame; the caller ends the burst afterwards (see `end_burst`).
    pub fn on_data(&self, seq: i64, body: &[u8], stats: &Counters) {
        let mut guard = lock(&self.inner);
        let s = &mut *guard;
        s.unacked_frames += 1;
        s.ack_urgent |= seq != s.expected as i64 || !s.early.is_empty();
        let Ok(seq) = u64::try_from(seq) else {
            bump(&stats.absurd_seq);
            return;
        };
        if seq < s.expected || s.early.contains_key(&seq) {
            bump(&stats.duplicates);
        } else if seq >= s.expected + EARLY_FRAMES {
            bump(&stats.absurd_seq);
        } else if seq == s.expected {
            if s.inbox.len() >= INBOX_MESSAGES || s.inbox_bytes + body.len() > INBOX_BYTES {
                bump(&stats.inbox_full);
                return;
            }
            s.deliver(body.to_vec());
            while let Some(next) = s.early.remove(&{ s.expected }) {
                s.early_bytes -= next.len();
                s.deliver(next);
            }
            s.delivered = true;
        } else if s.early_bytes + body.len() <= EARLY_BYTES {
            s.early_bytes += body.len();
            s.early.insert(seq, body.to_vec());
        }
    }

    /// Ends a burst of arrivals: wakes the readers if messages were delivered (once per
    /// burst, only if someone waits, and after unlocking so they do not block on the lock)
    /// and decides about the acknowledgement. In-order data is acknowledged every
    /// `ACK_EVERY` frames or when `flush` says the delay is over; anything out of order at
    /// once. Also returns whether a reader was woken.
    pub fn end_burst(&self, flush: bool) -> (AckDecision, bool) {
        let mut s = lock(&self.inner);
        let wake = std::mem::take(&mut s.delivered) && s.waiting > 0;
        let decision = if s.unacked_frames == 0 {
            AckDecision::Nothing
        } else if flush || s.ack_urgent || s.unacked_frames >= ACK_EVERY {
            AckDecision::Now(s.take_ack())
        } else {
            s.ack_waits_since.get_or_insert_with(Instant::now);
            AckDecision::Later
        };
        drop(s);
        if wake {
            self.readable.notify_all();
        }
        (decision, wake)
    }

    /// Since when an acknowledgement has waited for company (`None`: it left, alone or
    /// with data).
    pub fn ack_waits_since(&self) -> Option<Instant> {
        lock(&self.inner).ack_waits_since
    }

    /// The next received message, or the channel locked with its inbox empty.
    pub fn take(&self) -> Result<Vec<u8>, Empty<'_>> {
        let mut s = lock(&self.inner);
        match s.inbox.pop_front() {
            Some(msg) => {
                s.inbox_bytes -= msg.len();
                Ok(msg)
            }
            None => Err(Empty {
                chan: self,
                guard: s,
            }),
        }
    }
}

/// A channel whose inbox was found empty, still locked: its reader either reads the socket
/// itself (after dropping this) or waits here for the thread that reads it.
pub(crate) struct Empty<'a> {
    chan: &'a ChanState,
    guard: MutexGuard<'a, Inner>,
}

impl Empty<'_> {
    /// Waits until a message is delivered, or `until` passes (`None`: no limit). May also
    /// return early; the caller looks again.
    pub fn wait(mut self, until: Option<Instant>) {
        self.guard.waiting += 1;
        let mut s = match until {
            None => self
                .chan
                .readable
                .wait(self.guard)
                .unwrap_or_else(|p| p.into_inner()),
            Some(t) => {
                let left = t.saturating_duration_since(Instant::now());
                self.chan
                    .readable
                    .wait_timeout(self.guard, left)
                    .unwrap_or_else(|p| p.into_inner())
                    .0
            }
        };
        s.waiting -= 1;
    }
}

impl Inner {
    /// Drops the frames below `n` and measures the round trip from the latest transmission
    /// among them: an acknowledgement that fills a hole answers the resent frame, and
    /// timing it from an earlier frame (which waited at the receiver) would inflate the
    /// estimate, while skipping every such acknowledgement would starve it under loss.
    fn acknowledge(&mut self, n: u64, now: Instant) {
        let mut latest: Option<Instant> = None;
        while self.acked < n {
            let Some(frame) = self.queue.pop_front() else {
                break;
            };
            self.in_flight_bytes -= frame.bytes.len();
            latest = latest.max(frame.last_sent);
            self.acked += 1;
        }
        if let Some(sent) = latest {
            self.rto.sample(now.duration_since(sent));
        }
        self.rto.reset_backoff();
    }

    /// Resends the oldest unacknowledged frame if it had time to arrive since it was last
    /// sent, and plans to resend it again if its acknowledgement does not come within two
    /// such delays (the resend or its acknowledgement may be lost too, and a stalled window
    /// brings no more duplicate acknowledgements); otherwise returns when it will have had.
    fn repair_front(&mut self, now: Instant, stats: &Counters) -> Result<Arc<[u8]>, Instant> {
        let repair_after = self.rto.repair_after();
        let front = &mut self.queue[0];
        match front.last_sent {
            Some(t) if now.duration_since(t) < repair_after => Err(t + repair_after),
            _ => {
                front.last_sent = Some(now);
                front.sends += 1;
                bump(&stats.retransmits);
                let bytes = front.bytes.clone();
                self.repair_at = Some(now + 2 * repair_after);
                Ok(bytes)
            }
        }
    }

    /// Transmits waiting frames while the window has room and fewer than `frames` are in
    /// flight.
    fn fill_window(&mut self, now: Instant, frames: u64, out: &mut Output) {
        while self.sent_upto < self.next_seq && self.sent_upto < self.acked + frames {
            let index = (self.sent_upto - self.acked) as usize;
            let frame = &mut self.queue[index];
            let len = frame.bytes.len();
            if self.in_flight_bytes > 0 && self.in_flight_bytes + len > WINDOW_BYTES {
                break;
            }
            frame.last_sent = Some(now);
            frame.sends = 1;
            out.frames.push(frame.bytes.clone());
            self.in_flight_bytes += len;
            self.sent_upto += 1;
        }
        if self.deadline.is_none() && self.acked < self.sent_upto {
            let d = now + self.rto.timeout();
            self.deadline = Some(d);
            out.arm = Some(d);
        }
    }

    /// The acknowledgement of everything received so far; nothing is left to acknowledge.
    fn take_ack(&mut self) -> Vec<u8> {
        self.unacked_frames = 0;
        self.ack_urgent = false;
        self.ack_waits_since = None;
        wire::ack(self.expected)
    }

    fn deliver(&mut self, msg: Vec<u8>) {
        self.inbox_bytes += msg.len();
        self.inbox.push_back(msg);
        self.expected += 1;
    }
}
