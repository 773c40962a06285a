//! One reliable-channel endpoint: a UDP socket, the thread that receives on it and the
//! thread that resends what is not acknowledged in time. A client endpoint carries one
//! channel; a listening server endpoint carries one channel per client and an accept queue.

use super::addr::reachable;
use super::channel::{ChanState, Output};
use super::faults::FaultConfig;
use super::lock;
use super::reader::{Dispatch, Reader};
use super::stats::{bump, Counters, NetStats};
use super::transmit::Transmitter;
use super::udp::{open_socket, v4};
use super::wire::{self, Frame, Tag};
use super::{sys, NetError};
use std::collections::hash_map::RandomState;
use std::collections::{HashMap, VecDeque};
use std::hash::BuildHasher;
use std::net::SocketAddrV4;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Connections completed by the handshake and not yet accepted, at most.
pub const ACCEPT_BACKLOG: usize = 128;
/// Cookies are below this bound, as Aneris's `rand 1073741823` draws them.
const COOKIE_BOUND: u64 = 1_073_741_823;
/// The first wait for a handshake answer, doubled at every resend up to `HANDSHAKE_MAX`.
const HANDSHAKE_FIRST: Duration = Duration::from_millis(50);
const HANDSHAKE_MAX: Duration = Duration::from_secs(1);

/// What the endpoint is doing.
enum Role {
    /// A client socket before `connect`, a server socket before `server_listen`.
    Idle,
    /// A client in the handshake with `server`.
    Connecting {
        server: SocketAddrV4,
        cookie: Option<i64>,
        init_sent: Instant,
        resent: bool,
    },
    /// A client with its channel.
    Client(Arc<ChanState>),
    /// A listening server: its channels by client address, and those not yet accepted.
    Listening {
        conns: HashMap<SocketAddrV4, Arc<ChanState>>,
        backlog: VecDeque<Arc<ChanState>>,
    },
}

/// The shared state of an endpoint.
pub(crate) struct Endpoint {
    tx: Transmitter,
    reader: Reader,
    local: SocketAddrV4,
    stats: Counters,
    role: Mutex<Role>,
    /// Signalled when a connection completes (for `connect` and `accept`).
    role_changed: Condvar,
    /// When the timer thread looks at the channels next, and whether it is looking now.
    armed: Mutex<TimerPlan>,
    timer_changed: Condvar,
    closed: AtomicBool,
    cookie_key: RandomState,
}

/// When the timer thread looks at the channels next (`None`: only when woken) and whether
/// it is looking now; while it looks, `next` is the earliest deadline armed meanwhile.
struct TimerPlan {
    next: Option<Instant>,
    looking: bool,
}

impl Default for TimerPlan {
    /// The timer thread starts by looking at the channels.
    fn default() -> TimerPlan {
        TimerPlan { next: None, looking: true }
    }
}

/// Keeps an endpoint alive; the last user handle dropped shuts its threads down.
pub(crate) struct Owner(pub Arc<Endpoint>);

impl Drop for Owner {
    fn drop(&mut self) {
        self.0.shut_down();
    }
}

impl Endpoint {
    /// Binds `addr` and starts the endpoint's threads.
    pub fn open(addr: SocketAddrV4) -> Result<Arc<Owner>, NetError> {
        let sock = open_socket(addr)?;
        // Without it, runs of datagrams sent with segmentation offload arrive one by one.
        sys::enable_gro(&sock);
        let local = v4(sock.local_addr()?);
        let ep = Arc::new(Endpoint {
            reader: Reader::new(sock.clone()),
            tx: Transmitter::new(sock)?,
            local,
            stats: Counters::default(),
            role: Mutex::new(Role::Idle),
            role_changed: Condvar::new(),
            armed: Mutex::new(TimerPlan::default()),
            timer_changed: Condvar::new(),
            closed: AtomicBool::new(false),
            cookie_key: RandomState::new(),
        });
        let receiver = ep.clone();
        std::thread::Builder::new()
            .name(format!("net-recv-{}", local.port()))
            .spawn(move || receiver.reader.background(&*receiver))?;
        let timer = ep.clone();
        if let Err(e) = std::thread::Builder::new()
            .name(format!("net-timer-{}", local.port()))
            .spawn(move || timer.timer_loop())
        {
            ep.shut_down();
            return Err(e.into());
        }
        Ok(Arc::new(Owner(ep)))
    }

    /// The bound address.
    pub fn local(&self) -> SocketAddrV4 {
        self.local
    }

    /// The counters so far.
    pub fn stats(&self) -> NetStats {
        self.stats.snapshot()
    }

    /// Gives the endpoint's socket a fault setting of its own.
    pub fn set_faults(&self, cfg: FaultConfig) {
        self.tx.set_faults(cfg);
    }

    /// Transmits what a channel operation produced, and arms the timer if asked to.
    pub fn emit(&self, peer: SocketAddrV4, out: Output) {
        match out.frames.as_slice() {
            [] => {}
            [frame] => self.send(frame, peer),
            frames => self.send_all(frames, peer),
        }
        if let Some(deadline) = out.arm {
            let mut plan = lock(&self.armed);
            if plan.next.is_none_or(|a| deadline < a) {
                plan.next = Some(deadline);
                // A timer thread that is looking at the channels sees the deadline when it
                // plans its sleep; only a sleeping one needs waking.
                if !plan.looking {
                    self.timer_changed.notify_one();
                }
            }
        }
    }

    fn send_all(&self, frames: &[Arc<[u8]>], peer: SocketAddrV4) {
        if self.tx.send_all(frames, peer).is_err() {
            bump(&self.stats.io_errors);
        }
    }

    fn send(&self, bytes: &[u8], peer: SocketAddrV4) {
        if self.tx.send(bytes, peer).is_err() {
            bump(&self.stats.io_errors);
        }
    }

    fn shut_down(&self) {
        self.closed.store(true, Ordering::SeqCst);
        // Wake the receiving thread with an empty datagram (past fault injection).
        let _ = self.tx.socket().send_to(&[], reachable(self.local));
        self.reader.wake_background();
        let _guard = lock(&self.armed);
        self.timer_changed.notify_all();
        drop(_guard);
        let _role = lock(&self.role);
        self.role_changed.notify_all();
    }

    fn is_closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }

    /// The stateless cookie of a client address: the server keeps nothing until `COOKIE`.
    fn cookie(&self, peer: SocketAddrV4) -> i64 {
        (self.cookie_key.hash_one(peer) % COOKIE_BOUND) as i64
    }

    /// `recv` on one of this endpoint's channels, at most until `give_up`.
    pub fn receive(&self, chan: &ChanState, give_up: Option<Instant>) -> Option<Vec<u8>> {
        self.reader.receive(self, chan, give_up)
    }

    // ----- the reader's side -----

    /// Handles one datagram; channels that received data are added to `touched`.
    fn handle(&self, bytes: &[u8], from: SocketAddrV4, touched: &mut Vec<Arc<ChanState>>) {
        bump(&self.stats.datagrams);
        if self.is_closed() {
            return;
        }
        let Ok(frame) = wire::decode(bytes) else {
            bump(&self.stats.malformed);
            return;
        };
        let chan = match frame {
            Frame::Handshake(tag, n) => return self.on_handshake(tag, n, from),
            // A channel that already has data in this burst is found without the role lock.
            _ => match touched.iter().find(|c| c.peer == from) {
                Some(chan) => Some(chan.clone()),
                None => self.channel_of(from),
            },
        };
        let Some(chan) = chan else {
            bump(&self.stats.unknown_peer);
            return;
        };
        match frame {
            Frame::Ack(n) => {
                let out = chan.on_ack(n, Instant::now(), &self.stats);
                self.emit(chan.peer, out);
            }
            Frame::Data(seq, body) => {
                chan.on_data(seq, body, &self.stats);
                if !touched.iter().any(|c| Arc::ptr_eq(c, &chan)) {
                    touched.push(chan);
                }
            }
            Frame::Handshake(..) => {}
        }
    }

    /// The channel that frames from `from` belong to; a data frame or an acknowledgement
    /// from the server completes a client's handshake (the server has the connection).
    fn channel_of(&self, from: SocketAddrV4) -> Option<Arc<ChanState>> {
        let mut role = lock(&self.role);
        match &*role {
            Role::Client(chan) if chan.peer == from => Some(chan.clone()),
            Role::Listening { conns, .. } => conns.get(&from).cloned(),
            Role::Connecting {
                server,
                cookie: Some(_),
                ..
            } if *server == from => Some(self.establish(&mut role, from)),
            _ => None,
        }
    }

    fn on_handshake(&self, tag: Tag, n: i64, from: SocketAddrV4) {
        let mut role = lock(&self.role);
        match (&mut *role, tag) {
            (Role::Listening { conns, .. }, Tag::Init) if n == 0 && !conns.contains_key(&from) => {
                drop(role);
                self.send(&wire::handshake(Tag::InitAck, self.cookie(from)), from);
            }
            (Role::Listening { conns, backlog }, Tag::Cookie) => {
                if n != self.cookie(from) {
                    bump(&self.stats.bad_cookie);
                    return;
                }
                if let std::collections::hash_map::Entry::Vacant(slot) = conns.entry(from) {
                    if backlog.len() >= ACCEPT_BACKLOG {
                        bump(&self.stats.backlog_full);
                        return;
                    }
                    let chan = ChanState::new(from, None);
                    slot.insert(chan.clone());
                    backlog.push_back(chan);
                    self.role_changed.notify_all();
                }
                drop(role);
                self.send(&wire::handshake(Tag::CookieAck, 0), from);
            }
            (Role::Connecting { server, cookie, .. }, Tag::InitAck) if *server == from => {
                *cookie = Some(n);
                drop(role);
                self.send(&wire::handshake(Tag::Cookie, n), from);
            }
            (
                Role::Connecting {
                    server,
                    cookie: Some(_),
                    ..
                },
                Tag::CookieAck,
            ) if *server == from => {
                self.establish(&mut role, from);
            }
            _ => bump(&self.stats.unexpected_handshake),
        }
    }

    /// Turns a connecting client into a connected one.
    fn establish(&self, role: &mut Role, server: SocketAddrV4) -> Arc<ChanState> {
        let rtt = match role {
            Role::Connecting {
                init_sent,
                resent: false,
                ..
            } => Some(init_sent.elapsed()),
            _ => None,
        };
        let chan = ChanState::new(server, rtt);
        *role = Role::Client(chan.clone());
        self.role_changed.notify_all();
        chan
    }

    // ----- the timer thread -----

    fn channels(&self) -> Vec<Arc<ChanState>> {
        match &*lock(&self.role) {
            Role::Client(chan) => vec![chan.clone()],
            Role::Listening { conns, .. } => conns.values().cloned().collect(),
            _ => Vec::new(),
        }
    }

    fn timer_loop(self: Arc<Self>) {
        let mut frames = Vec::new();
        while !self.is_closed() {
            let now = Instant::now();
            let mut next: Option<Instant> = None;
            for chan in self.channels() {
                let deadline = chan.on_timer(now, &self.stats, &mut frames);
                self.send_all(&frames, chan.peer);
                frames.clear();
                next = match (next, deadline) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
            let mut plan = lock(&self.armed);
            plan.looking = false;
            loop {
                if self.is_closed() {
                    return;
                }
                let target = match (next, plan.next) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                // Deadlines armed from now on wake this thread only if they are earlier
                // than the time it sleeps until.
                plan.next = target;
                let now = Instant::now();
                plan = match target {
                    None => self
                        .timer_changed
                        .wait(plan)
                        .unwrap_or_else(|p| p.into_inner()),
                    Some(t) if t > now => {
                        self.timer_changed
                            .wait_timeout(plan, t - now)
                            .unwrap_or_else(|p| p.into_inner())
                            .0
                    }
                    Some(_) => break,
                };
            }
            // Deadlines armed while the channels are looked at must not be missed.
            plan.next = None;
            plan.looking = true;
        }
    }

    // ----- the user's calls -----

    /// `connect`: the handshake with `server`, waiting at most `timeout` (`None`: forever).
    pub fn connect(
        &self,
        server: SocketAddrV4,
        timeout: Option<Duration>,
    ) -> Result<Arc<ChanState>, NetError> {
        let give_up = timeout.map(|t| Instant::now() + t);
        let mut role = lock(&self.role);
        if !matches!(*role, Role::Idle) {
            return Err(NetError::AlreadyConnected);
        }
        *role = Role::Connecting {
            server,
            cookie: None,
            init_sent: Instant::now(),
            resent: false,
        };
        drop(role);
        self.send(&wire::handshake(Tag::Init, 0), server);
        let mut wait = HANDSHAKE_FIRST;
        let mut resend_at = Instant::now() + wait;
        let mut role = lock(&self.role);
        loop {
            if let Role::Client(chan) = &*role {
                return Ok(chan.clone());
            }
            let now = Instant::now();
            if self.is_closed() || give_up.is_some_and(|t| now >= t) {
                *role = Role::Idle;
                return Err(if self.is_closed() {
                    NetError::Closed
                } else {
                    NetError::TimedOut
                });
            }
            if now >= resend_at {
                let request = match &mut *role {
                    Role::Connecting {
                        cookie: Some(c),
                        resent,
                        ..
                    } => {
                        *resent = true;
                        wire::handshake(Tag::Cookie, *c)
                    }
                    Role::Connecting { resent, .. } => {
                        *resent = true;
                        wire::handshake(Tag::Init, 0)
                    }
                    _ => continue,
                };
                drop(role);
                self.send(&request, server);
                wait = (wait * 2).min(HANDSHAKE_MAX);
                resend_at = Instant::now() + wait;
                role = lock(&self.role);
                continue;
            }
            let until = give_up.map_or(resend_at, |t| t.min(resend_at));
            role = self
                .role_changed
                .wait_timeout(role, until - now)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
    }

    /// `server_listen`.
    pub fn listen(&self) -> Result<(), NetError> {
        let mut role = lock(&self.role);
        if !matches!(*role, Role::Idle) {
            return Err(NetError::AlreadyListening);
        }
        *role = Role::Listening {
            conns: HashMap::new(),
            backlog: VecDeque::new(),
        };
        Ok(())
    }

    /// `accept`: the next connected client, waiting at most `timeout` (`None`: forever).
    pub fn accept(&self, timeout: Option<Duration>) -> Result<Arc<ChanState>, NetError> {
        let give_up = timeout.map(|t| Instant::now() + t);
        let mut role = lock(&self.role);
        loop {
            let Role::Listening { backlog, .. } = &mut *role else {
                return Err(NetError::NotListening);
            };
            if let Some(chan) = backlog.pop_front() {
                return Ok(chan);
            }
            if self.is_closed() {
                return Err(NetError::Closed);
            }
            role = match give_up {
                None => self
                    .role_changed
                    .wait(role)
                    .unwrap_or_else(|p| p.into_inner()),
                Some(t) => {
                    let now = Instant::now();
                    if now >= t {
                        return Err(NetError::TimedOut);
                    }
                    self.role_changed
                        .wait_timeout(role, t - now)
                        .unwrap_or_else(|p| p.into_inner())
                        .0
                }
            };
        }
    }

    /// Connections of a listening server: (all channels, those not yet accepted).
    pub fn connection_counts(&self) -> (usize, usize) {
        match &*lock(&self.role) {
            Role::Listening { conns, backlog } => (conns.len(), backlog.len()),
            Role::Client(_) => (1, 0),
            _ => (0, 0),
        }
    }
}

impl Dispatch for Endpoint {
    fn on_datagram(&self, bytes: &[u8], from: SocketAddrV4, touched: &mut Vec<Arc<ChanState>>) {
        self.handle(bytes, from, touched);
    }

    fn send_ack(&self, ack: &[u8], peer: SocketAddrV4) {
        self.send(ack, peer);
    }

    fn io_error(&self) {
        bump(&self.stats.io_errors);
    }

    fn closed(&self) -> bool {
        self.is_closed()
    }
}
