//! `fork` threads, waiting for them at the end of the program, and `Unix.sleepf`.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

use crate::error::{RtError, RtResult};
use crate::roots::{Frame, SizedFrame, Slots};
use crate::sched::{blocking, discard_thread, register_thread, run_attached, Mutator};
use crate::value::Value;

/// Stack size of a forked thread (deep non-tail recursion is common in OCaml code).
const THREAD_STACK_BYTES: usize = 16 << 20;

/// Forked threads that have not finished yet.
static RUNNING: Mutex<usize> = Mutex::new(0);
static ALL_DONE: Condvar = Condvar::new();

fn running() -> MutexGuard<'static, usize> {
    RUNNING.lock().unwrap_or_else(|e| e.into_inner())
}

/// The bottom frame and thread state handed to a new thread.
struct Start {
    frame: *mut SizedFrame<2>,
    ts: *mut crate::sched::ThreadState,
}

// SAFETY: the new thread becomes the only user of both pointers.
unsafe impl Send for Start {}

/// Counts a forked thread as finished when dropped (also if its body panics).
struct Finished;

impl Drop for Finished {
    fn drop(&mut self) {
        let mut n = running();
        *n -= 1;
        if *n == 0 {
            ALL_DONE.notify_all();
        }
    }
}

/// Starts `body` on a new thread attached to the runtime. `args` stay rooted in the thread's
/// bottom shadow-stack frame, whose slots `body` receives.
pub fn spawn(_m: &mut Mutator, args: [Value; 2], body: fn(&mut Mutator, Slots)) -> RtResult<()> {
    let frame = Box::into_raw(Box::new(SizedFrame::new(args)));
    let ts = register_thread(frame as *mut Frame);
    *running() += 1;
    let start = Start { frame, ts };
    let spawned = std::thread::Builder::new()
        .stack_size(THREAD_STACK_BYTES)
        .spawn(move || {
            let start = start;
            let _finished = Finished;
            let _alt_stack = crate::stackguard::protect_current_thread();
            run_attached(start.ts, |m| {
                // SAFETY: the frame lives until the box is dropped below.
                let slots = unsafe { Slots::of_frame(start.frame as *mut Frame) };
                body(m, slots);
            });
            // SAFETY: the thread state that referenced the frame is gone.
            drop(unsafe { Box::from_raw(start.frame) });
        });
    spawned.map(drop).map_err(|e| {
        discard_thread(ts);
        drop(Finished);
        // SAFETY: the thread never started, so nothing else holds the frame.
        drop(unsafe { Box::from_raw(frame) });
        RtError::failure(format!("Thread.create: {e}"))
    })
}

/// Waits, without the runtime lock, until every forked thread has finished.
pub fn wait_for_forked(m: &mut Mutator) {
    blocking(m, || {
        let mut n = running();
        while *n > 0 {
            n = ALL_DONE.wait(n).unwrap_or_else(|e| e.into_inner());
        }
    });
}

/// `Unix.sleepf secs`: sleeps without the runtime lock (no sleep when `secs` is not positive).
pub fn sleepf(m: &mut Mutator, secs: f64) {
    if secs > 0.0 {
        let d = Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX);
        blocking(m, || std::thread::sleep(d));
    }
}
