//! The `Ast` locks and monitors. Waiting for one releases the runtime lock, so the other
//! threads (including the one that will release it) keep running.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use crate::custom::{alloc_custom, custom_get};
use crate::error::{RtError, RtResult};
use crate::sched::{blocking, Mutator};
use crate::value::Value;

/// A lock (`newlock`): a flag and the threads waiting for it to clear.
struct AstLock {
    locked: Mutex<LockWord>,
    freed: Condvar,
}

/// The state of an [`AstLock`], guarded by its mutex.
#[derive(Default)]
struct LockWord {
    held: bool,
    /// Threads waiting in [`AstLock::acquire_blocking`]: releasing wakes one only when
    /// there is one (a wake-up is a system call).
    waiters: usize,
}

/// A monitor (`new_monitor`): a lock plus a condition to wait on and signal.
struct Monitor {
    lock: AstLock,
    signal: Condvar,
}

fn guard(m: &Mutex<LockWord>) -> MutexGuard<'_, LockWord> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl AstLock {
    fn new() -> AstLock {
        AstLock {
            locked: Mutex::new(LockWord::default()),
            freed: Condvar::new(),
        }
    }

    fn try_acquire(&self) -> bool {
        let mut l = guard(&self.locked);
        !std::mem::replace(&mut l.held, true)
    }

    /// Waits (without the runtime lock) until the lock is free, then takes it.
    fn acquire_blocking<'a>(&'a self, mut l: MutexGuard<'a, LockWord>) -> MutexGuard<'a, LockWord> {
        while l.held {
            l.waiters += 1;
            l = self.freed.wait(l).unwrap_or_else(|e| e.into_inner());
            l.waiters -= 1;
        }
        l.held = true;
        l
    }

    /// Clears the flag in `l`; says whether a waiter must be woken.
    fn clear(l: &mut LockWord) -> bool {
        l.held = false;
        l.waiters > 0
    }

    fn release(&self) {
        let wake = AstLock::clear(&mut guard(&self.locked));
        if wake {
            self.freed.notify_one();
        }
    }
}

fn lock_of(m: &mut Mutator, v: Value) -> RtResult<Arc<AstLock>> {
    custom_get::<AstLock>(m, v).ok_or_else(|| RtError::invalid_argument("not a lock"))
}

fn monitor_of(m: &mut Mutator, v: Value) -> RtResult<Arc<Monitor>> {
    custom_get::<Monitor>(m, v).ok_or_else(|| RtError::invalid_argument("not a monitor"))
}

/// Takes `lock`, waiting without the runtime lock when another thread holds it.
fn acquire_lock(m: &mut Mutator, lock: &AstLock) {
    if !lock.try_acquire() {
        blocking(m, || drop(lock.acquire_blocking(guard(&lock.locked))));
    }
}

/// `newlock ()`.
pub fn newlock(m: &mut Mutator) -> RtResult<Value> {
    alloc_custom(m, Arc::new(AstLock::new()))
}

/// `try_acquire l`: takes the lock if it is free; says whether it did.
pub fn try_acquire(m: &mut Mutator, l: Value) -> RtResult<bool> {
    Ok(lock_of(m, l)?.try_acquire())
}

/// `acquire l`.
pub fn acquire(m: &mut Mutator, l: Value) -> RtResult<()> {
    let lock = lock_of(m, l)?;
    acquire_lock(m, &lock);
    Ok(())
}

/// `release l`.
pub fn release(m: &mut Mutator, l: Value) -> RtResult<()> {
    lock_of(m, l)?.release();
    Ok(())
}

/// `new_monitor ()`.
pub fn new_monitor(m: &mut Mutator) -> RtResult<Value> {
    alloc_custom(
        m,
        Arc::new(Monitor {
            lock: AstLock::new(),
            signal: Condvar::new(),
        }),
    )
}

/// `monitor_try_acquire mon`.
pub fn monitor_try_acquire(m: &mut Mutator, mon: Value) -> RtResult<bool> {
    Ok(monitor_of(m, mon)?.lock.try_acquire())
}

/// `monitor_acquire mon`.
pub fn monitor_acquire(m: &mut Mutator, mon: Value) -> RtResult<()> {
    let mon = monitor_of(m, mon)?;
    acquire_lock(m, &mon.lock);
    Ok(())
}

/// `monitor_release mon`.
pub fn monitor_release(m: &mut Mutator, mon: Value) -> RtResult<()> {
    monitor_of(m, mon)?.lock.release();
    Ok(())
}

/// `monitor_wait mon`: releases the monitor, waits for a signal (wake-ups may be spurious,
/// as with OCaml's `Condition.wait`), then takes the monitor again.
pub fn monitor_wait(m: &mut Mutator, mon: Value) -> RtResult<()> {
    let mon = monitor_of(m, mon)?;
    blocking(m, || {
        let mut l = guard(&mon.lock.locked);
        if AstLock::clear(&mut l) {
            mon.lock.freed.notify_one();
        }
        l = mon.signal.wait(l).unwrap_or_else(|e| e.into_inner());
        drop(mon.lock.acquire_blocking(l));
    });
    Ok(())
}

/// `monitor_signal mon`: wakes one waiting thread.
pub fn monitor_signal(m: &mut Mutator, mon: Value) -> RtResult<()> {
    let mon = monitor_of(m, mon)?;
    let _l = guard(&mon.lock.locked);
    mon.signal.notify_one();
    Ok(())
}

/// `monitor_broadcast mon`: wakes every waiting thread.
pub fn monitor_broadcast(m: &mut Mutator, mon: Value) -> RtResult<()> {
    let mon = monitor_of(m, mon)?;
    let _l = guard(&mon.lock.locked);
    mon.signal.notify_all();
    Ok(())
}
