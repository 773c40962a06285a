//! Datagrams held back by fault injection, sent later by one background thread.

use super::lock;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::net::{SocketAddrV4, UdpSocket};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// At most this many datagrams wait at once; more are lost (a legal network fault).
const MAX_HELD: usize = 1 << 16;

struct Held {
    due: Instant,
    order: u64,
    sock: Arc<UdpSocket>,
    bytes: Vec<u8>,
    dst: SocketAddrV4,
}

impl PartialEq for Held {
    fn eq(&self, other: &Self) -> bool {
        (self.due, self.order) == (other.due, other.order)
    }
}
impl Eq for Held {}
impl PartialOrd for Held {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Held {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.due, self.order).cmp(&(other.due, other.order))
    }
}

#[derive(Default)]
struct Queue {
    heap: BinaryHeap<Reverse<Held>>,
    next_order: u64,
}

struct Scheduler {
    queue: Mutex<Queue>,
    changed: Condvar,
}

fn scheduler() -> &'static Scheduler {
    static SCHEDULER: OnceLock<&'static Scheduler> = OnceLock::new();
    SCHEDULER.get_or_init(|| {
        let s: &'static Scheduler = Box::leak(Box::new(Scheduler {
            queue: Mutex::default(),
            changed: Condvar::new(),
        }));
        // If the thread cannot start, held datagrams are never sent: they count as dropped.
        let _ = std::thread::Builder::new()
            .name("net-delayed".into())
            .spawn(move || run(s));
        s
    })
}

/// Sends `bytes` from `sock` to `dst` once `hold` has passed.
pub(crate) fn send_later(sock: &Arc<UdpSocket>, bytes: &[u8], dst: SocketAddrV4, hold: Duration) {
    let s = scheduler();
    let mut q = lock(&s.queue);
    if q.heap.len() >= MAX_HELD {
        return;
    }
    let order = q.next_order;
    q.next_order += 1;
    let due = Instant::now() + hold;
    let earliest = q.heap.peek().is_none_or(|Reverse(h)| due < h.due);
    q.heap.push(Reverse(Held {
        due,
        order,
        sock: sock.clone(),
        bytes: bytes.to_vec(),
        dst,
    }));
    drop(q);
    if earliest {
        s.changed.notify_one();
    }
}

fn run(s: &'static Scheduler) {
    let mut q = lock(&s.queue);
    loop {
        let now = Instant::now();
        match q.heap.peek() {
            None => q = s.changed.wait(q).unwrap_or_else(|p| p.into_inner()),
            Some(Reverse(h)) if h.due > now => {
                let wait = h.due - now;
                q = s
                    .changed
                    .wait_timeout(q, wait)
                    .unwrap_or_else(|p| p.into_inner())
                    .0;
            }
            Some(_) => {
                if let Some(Reverse(h)) = q.heap.pop() {
                    drop(q);
                    // A failed late send is the same as a lost datagram.
                    let _ = h.sock.send_to(&h.bytes, h.dst);
                    q = lock(&s.queue);
                }
            }
        }
    }
}
