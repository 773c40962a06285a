//! Stack overflow in a program's threads ends the process as an uncaught OCaml
//! `Stack_overflow` does: standard output flushed, `Fatal error: exception Stack_overflow` on
//! standard error, exit status 2 — instead of a bare segmentation fault.
//!
//! `anerisc_main` installs a `SIGSEGV`/`SIGBUS` handler that runs on an alternate signal
//! stack; every program thread records its stack bounds. A fault just below the faulting
//! thread's stack is an overflow; any other fault gets the default action (a crash).

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::io::{flush_if_free, Channel};

/// Size of each thread's alternate signal stack.
const ALT_STACK_BYTES: usize = 64 * 1024;
/// How far below a thread's stack a fault still counts as an overflow (the guard area).
const GUARD_SLACK: usize = 1 << 20;
const MESSAGE: &[u8] = b"Fatal error: exception Stack_overflow\n";

/// The shape of an `SA_SIGINFO` signal handler.
type Handler = extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void);

/// Whether the handler is installed (only in processes run by `anerisc_main`).
static INSTALLED: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// The current thread's stack bounds (low, high); (0, 0) when unknown.
    static BOUNDS: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
}

/// A thread's alternate signal stack; dropping it removes and unmaps it.
pub struct AltStack(*mut u64);

impl Drop for AltStack {
    fn drop(&mut self) {
        // SAFETY: disables this thread's alternate stack, then unmaps it (no longer in use:
        // the thread is not in a signal handler when it drops this).
        unsafe {
            let ss = libc::stack_t {
                ss_sp: std::ptr::null_mut(),
                ss_flags: libc::SS_DISABLE,
                ss_size: 0,
            };
            libc::sigaltstack(&ss, std::ptr::null_mut());
        }
        crate::heap::unmap_words(self.0, ALT_STACK_BYTES / 8);
        BOUNDS.with(|b| b.set((0, 0)));
    }
}

/// Installs the process-wide handler and protects the calling thread.
pub fn install() -> Option<AltStack> {
    if !INSTALLED.swap(true, Ordering::SeqCst) {
        for sig in [libc::SIGSEGV, libc::SIGBUS] {
            // SAFETY: a zeroed sigaction filled with a valid handler and flags.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = on_fault as Handler as usize;
                action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
                libc::sigemptyset(&mut action.sa_mask);
                libc::sigaction(sig, &action, std::ptr::null_mut());
            }
        }
    }
    protect_current_thread()
}

/// Gives the calling thread an alternate signal stack and records its stack bounds, for as
/// long as the result lives (nothing unless [`install`] ran).
pub fn protect_current_thread() -> Option<AltStack> {
    if !INSTALLED.load(Ordering::SeqCst) {
        return None;
    }
    let alt = crate::heap::map_words(ALT_STACK_BYTES / 8)?;
    // SAFETY: `alt` is a fresh mapping of ALT_STACK_BYTES (kept for the thread's life); the
    // attribute object is initialised by pthread_getattr_np and destroyed after use.
    unsafe {
        let ss = libc::stack_t {
            ss_sp: alt as *mut libc::c_void,
            ss_flags: 0,
            ss_size: ALT_STACK_BYTES,
        };
        libc::sigaltstack(&ss, std::ptr::null_mut());
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) == 0 {
            let mut addr: *mut libc::c_void = std::ptr::null_mut();
            let mut size: libc::size_t = 0;
            if libc::pthread_attr_getstack(&attr, &mut addr, &mut size) == 0 {
                BOUNDS.with(|b| b.set((addr as usize, addr as usize + size)));
            }
            libc::pthread_attr_destroy(&mut attr);
        }
    }
    Some(AltStack(alt))
}

/// The signal handler: reports an overflow, or lets the default action happen.
extern "C" fn on_fault(sig: libc::c_int, info: *mut libc::siginfo_t, _ctx: *mut libc::c_void) {
    // SAFETY: the kernel passes a valid siginfo for SA_SIGINFO handlers.
    let addr = unsafe { (*info).si_addr() } as usize;
    let (low, high) = BOUNDS.with(Cell::get);
    if low != 0 && addr < high && addr + GUARD_SLACK >= low {
        flush_if_free(Channel::Stdout);
        // SAFETY: write and _exit are async-signal-safe.
        unsafe {
            libc::write(2, MESSAGE.as_ptr() as *const libc::c_void, MESSAGE.len());
            libc::_exit(2);
        }
    }
    // Not an overflow: restore the default action; the fault repeats and ends the process.
    // SAFETY: signal() with SIG_DFL is async-signal-safe.
    unsafe {
        libc::signal(sig, libc::SIG_DFL);
    }
}
