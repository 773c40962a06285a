//! The global runtime lock and the threads that take it.
//!
//! Compiled code and every runtime function that touches the heap run while the calling
//! thread holds the runtime lock, a FIFO ticket lock: a thread that gives it up (around a
//! blocking call, or to yield) queues behind the threads already waiting. A thread that does
//! not hold the lock is at a safe point: it cannot touch the heap, and its shadow stack
//! (saved in its thread state) is scanned and updated by whoever collects. A thread that
//! gives the lock up wakes only the thread whose turn comes next, and makes no system call
//! when nobody waits.

use std::cell::{Cell, UnsafeCell};
use std::collections::VecDeque;
use std::marker::PhantomData;
use std::ptr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::thread::Thread;
use std::time::Duration;

use crate::error::{RtError, RtResult};
use crate::heap::Heap;
use crate::roots::{regs, Frame, GlobalRoots, Stacks};

/// How long a thread may keep the runtime lock while others wait before it is asked to
/// yield at its next poll.
const TIME_SLICE: Duration = Duration::from_millis(10);

/// Proof that the current thread holds the runtime lock; heap operations take it.
pub struct Mutator {
    _not_send: PhantomData<*mut ()>,
}

impl Mutator {
    /// A token for a thread that holds the runtime lock (C ABI entry points only).
    ///
    /// # Safety
    /// The calling thread must be attached and hold the runtime lock.
    pub unsafe fn assume_held() -> Mutator {
        Mutator {
            _not_send: PhantomData,
        }
    }

    /// The runtime's heap and global roots.
    pub(crate) fn state(&mut self) -> &mut RuntimeState {
        // SAFETY: the lock is held, and `&mut self` keeps this borrow unique.
        unsafe { &mut *STATE.0.get() }
    }
}

/// Everything the runtime lock protects besides the shared registers.
pub(crate) struct RuntimeState {
    pub(crate) heap: Heap,
    pub(crate) globals: GlobalRoots,
}

struct StateCell(UnsafeCell<RuntimeState>);

// SAFETY: only the runtime-lock holder reaches the state (through a Mutator).
unsafe impl Sync for StateCell {}

static STATE: StateCell = StateCell(UnsafeCell::new(RuntimeState {
    heap: Heap::new(),
    globals: GlobalRoots::new(),
}));

/// Per-thread runtime data, reachable by the collector while the thread is attached.
pub(crate) struct ThreadState {
    /// Where the thread's stacks start while it does not hold the lock.
    saved: Cell<Stacks>,
}

#[derive(Clone, Copy)]
struct ThreadRef(*mut ThreadState);

// SAFETY: the pointee is only read or written under the runtime lock.
unsafe impl Send for ThreadRef {}

struct Sched {
    lock: Mutex<LockState>,
    threads: Mutex<Vec<ThreadRef>>,
}

struct LockState {
    next_ticket: u64,
    serving: u64,
    /// The threads waiting for their turn, in ticket order: tickets `serving + 1` up to
    /// `next_ticket - 1` (a thread is taken off when its turn comes and it is woken).
    waiting: VecDeque<(u64, Thread)>,
}

static SCHED: Sched = Sched {
    lock: Mutex::new(LockState {
        next_ticket: 0,
        serving: 0,
        waiting: VecDeque::new(),
    }),
    threads: Mutex::new(Vec::new()),
};

thread_local! {
    static CURRENT: Cell<*mut ThreadState> = const { Cell::new(ptr::null_mut()) };
}

fn lock_state() -> MutexGuard<'static, LockState> {
    SCHED.lock.lock().unwrap_or_else(|e| e.into_inner())
}

fn thread_list() -> MutexGuard<'static, Vec<ThreadRef>> {
    SCHED.threads.lock().unwrap_or_else(|e| e.into_inner())
}

/// Takes the runtime lock and restores the thread's shadow stack.
fn enter() {
    let mut s = lock_state();
    let ticket = s.next_ticket;
    s.next_ticket += 1;
    if s.serving != ticket {
        s.waiting.push_back((ticket, std::thread::current()));
        while s.serving != ticket {
            drop(s);
            // An unpark that came before this park makes it return at once.
            std::thread::park();
            s = lock_state();
        }
    }
    drop(s);
    let me = CURRENT.with(Cell::get);
    // SAFETY: the lock is now held and `me` is this thread's attached state.
    unsafe { (*me).saved.get().make_running() }
}

/// Saves the thread's shadow stack and gives the runtime lock to the next waiter.
fn leave() {
    let me = CURRENT.with(Cell::get);
    // SAFETY: the lock is still held and `me` is this thread's attached state.
    unsafe {
        (*me).saved.set(Stacks::of_running());
        Stacks::new(ptr::null_mut()).make_running();
    }
    let mut s = lock_state();
    s.serving += 1;
    // The next holder starts a fresh time slice.
    yield_flag().store(0, Ordering::Relaxed);
    let next = match s.waiting.front() {
        Some((ticket, _)) if *ticket == s.serving => s.waiting.pop_front().map(|(_, t)| t),
        _ => None,
    };
    drop(s);
    if let Some(thread) = next {
        thread.unpark();
    }
}

/// The `yield_requested` word of the shared registers.
fn yield_flag() -> &'static AtomicU64 {
    // SAFETY: the registers are a static; this field is only accessed atomically.
    unsafe { &*ptr::addr_of!((*regs()).yield_requested) }
}

/// Asks the lock holder to yield when a thread has waited for the lock through a whole
/// time slice (the same holder at two ticks in a row). Started with the second thread.
fn start_ticker() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        let ticker = std::thread::Builder::new()
            .name("anerisc-tick".into())
            .spawn(|| {
                let mut last_serving = u64::MAX;
                loop {
                    std::thread::sleep(TIME_SLICE);
                    let s = lock_state();
                    if s.next_ticket > s.serving + 1 && s.serving == last_serving {
                        yield_flag().store(1, Ordering::Relaxed);
                    }
                    last_serving = s.serving;
                }
            });
        // Without the ticker, threads still switch at allocation and blocking points.
        drop(ticker);
    });
}

/// Whether the runtime asked the holder to let waiting threads run.
pub fn yield_requested() -> bool {
    yield_flag().load(Ordering::Relaxed) != 0
}

/// Registers a new thread state whose shadow stack starts at `bottom`.
pub(crate) fn register_thread(bottom: *mut Frame) -> *mut ThreadState {
    let ts = Box::into_raw(Box::new(ThreadState {
        saved: Cell::new(Stacks::new(bottom)),
    }));
    let mut list = thread_list();
    list.push(ThreadRef(ts));
    if list.len() >= 2 {
        start_ticker();
    }
    ts
}

/// Removes a thread state registered by [`register_thread`] from the collector's view
/// (under the runtime lock, so no collection is scanning it) and returns its memory later.
struct Unregistered(*mut ThreadState);

impl Unregistered {
    fn new(ts: *mut ThreadState) -> Unregistered {
        thread_list().retain(|t| t.0 != ts);
        Unregistered(ts)
    }
}

impl Drop for Unregistered {
    fn drop(&mut self) {
        // SAFETY: created by `register_thread`, no longer listed, no longer current.
        drop(unsafe { Box::from_raw(self.0) });
    }
}

/// Forgets a registered thread that never ran.
pub(crate) fn discard_thread(ts: *mut ThreadState) {
    drop(Unregistered::new(ts));
}

/// Runs `f` on the current thread attached to the runtime, with the runtime lock held.
/// Fails when the thread is already attached.
pub fn attach<R>(f: impl FnOnce(&mut Mutator) -> R) -> RtResult<R> {
    if !CURRENT.with(Cell::get).is_null() {
        return Err(RtError::invalid_argument(
            "thread already attached to the runtime",
        ));
    }
    let ts = register_thread(ptr::null_mut());
    Ok(run_attached(ts, f))
}

/// Runs `f` as the attached thread `ts` (registered already), then detaches and frees it.
pub(crate) fn run_attached<R>(ts: *mut ThreadState, f: impl FnOnce(&mut Mutator) -> R) -> R {
    struct Detach(*mut ThreadState);
    impl Drop for Detach {
        fn drop(&mut self) {
            let gone = Unregistered::new(self.0);
            leave();
            CURRENT.with(|c| c.set(ptr::null_mut()));
            drop(gone);
        }
    }
    CURRENT.with(|c| c.set(ts));
    enter();
    let _detach = Detach(ts);
    // SAFETY: the lock was just taken by this attached thread.
    let mut m = unsafe { Mutator::assume_held() };
    f(&mut m)
}

/// Runs `f` without the runtime lock, so other threads run (and may collect) meanwhile.
/// `f` must not touch heap values: copy what it needs out of the heap first.
pub fn blocking<R>(_m: &mut Mutator, f: impl FnOnce() -> R) -> R {
    struct Reenter;
    impl Drop for Reenter {
        fn drop(&mut self) {
            enter();
        }
    }
    leave();
    let _reenter = Reenter;
    f()
}

/// Lets the threads waiting for the runtime lock run first, if there are any.
pub fn yield_now(m: &mut Mutator) {
    let waiting = {
        let s = lock_state();
        s.next_ticket > s.serving + 1
    };
    if waiting {
        blocking(m, || ());
    }
}

/// Visits the stacks of every attached thread (the caller's included).
pub(crate) fn for_each_thread_stacks(_m: &mut Mutator, visit: &mut dyn FnMut(Stacks)) {
    let me = CURRENT.with(Cell::get);
    // SAFETY: the lock is held; save the live stacks so every thread is visited alike.
    unsafe { (*me).saved.set(Stacks::of_running()) };
    for t in thread_list().iter() {
        // SAFETY: registered states stay valid until unregistered, which needs the lock.
        visit(unsafe { (*t.0).saved.get() });
    }
}
