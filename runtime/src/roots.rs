//! GC roots: the shadow stack of frames pushed by compiled code, global roots registered by
//! address, and the `anerisc_regs` block that compiled code reads and writes directly.
//!
//! Only the thread holding the runtime lock runs compiled code, so the shadow-stack top and
//! the allocation pointer are process-wide words; the scheduler saves the top into the
//! thread's state when the thread gives the lock up and restores it when it takes it back.

use std::cell::UnsafeCell;
use std::ptr;
use std::sync::atomic::AtomicU64;

use crate::sched::Mutator;
use crate::value::{Value, UNIT};

/// A shadow-stack frame header; `len` value slots follow it in memory.
#[repr(C)]
pub struct Frame {
    /// The frame below this one (null at the bottom of a thread's stack).
    pub prev: *mut Frame,
    /// How many slots follow.
    pub len: u64,
}

impl Frame {
    /// The address of slot 0.
    ///
    /// # Safety
    /// `frame` must point to a frame header followed by its slots.
    #[inline]
    pub unsafe fn slots(frame: *mut Frame) -> *mut Value {
        frame.add(1) as *mut Value
    }
}

/// A frame with `N` slots, laid out as compiled code lays its frames out.
#[repr(C)]
pub(crate) struct SizedFrame<const N: usize> {
    pub(crate) head: Frame,
    pub(crate) slots: [Value; N],
}

impl<const N: usize> SizedFrame<N> {
    /// An unlinked frame holding `init`.
    pub(crate) fn new(init: [Value; N]) -> SizedFrame<N> {
        SizedFrame {
            head: Frame {
                prev: ptr::null_mut(),
                len: N as u64,
            },
            slots: init,
        }
    }
}

/// The words compiled code shares with the runtime (exported as the C symbol
/// `anerisc_regs`; field offsets 0, 8, 16, 24, 32, 40).
#[repr(C)]
pub struct Regs {
    /// The running thread's innermost shadow-stack frame.
    pub shadow_top: *mut Frame,
    /// Next free word of the nursery.
    pub alloc_ptr: *mut u64,
    /// End of the nursery.
    pub alloc_limit: *mut u64,
    /// The kind ([`crate::error::ErrorKind`]) of the pending exception, 0 when none.
    pub exn_kind: u64,
    /// The pending exception's argument (a string), kept alive by the collector.
    pub exn_arg: Value,
    /// Non-zero when another thread has waited a whole time slice for the runtime lock:
    /// compiled code polls it (loop back edges, function entries) and calls `anerisc_yield`.
    pub yield_requested: AtomicU64,
}

/// The cell holding [`Regs`]; only the runtime-lock holder touches it (except
/// `yield_requested`, which is atomic).
#[repr(transparent)]
pub struct RegsCell(UnsafeCell<Regs>);

// SAFETY: every access happens under the runtime lock, which orders them.
unsafe impl Sync for RegsCell {}

/// The shared registers (C symbol `anerisc_regs`).
#[export_name = "anerisc_regs"]
pub static REGS: RegsCell = RegsCell(UnsafeCell::new(Regs {
    shadow_top: ptr::null_mut(),
    alloc_ptr: ptr::null_mut(),
    alloc_limit: ptr::null_mut(),
    exn_kind: 0,
    exn_arg: UNIT,
    yield_requested: AtomicU64::new(0),
}));

/// The shared registers, for code that holds the runtime lock.
#[inline]
pub(crate) fn regs() -> *mut Regs {
    REGS.0.get()
}

/// Read and write access to the slots of a rooted frame: the collector updates them when it
/// moves blocks, so read a slot again after anything that can allocate.
#[derive(Clone, Copy)]
pub struct Slots {
    base: *mut Value,
    len: usize,
}

impl Slots {
    /// The value in slot `i` (unit when `i` is out of range).
    #[inline]
    pub fn get(&self, i: usize) -> Value {
        if i < self.len {
            // SAFETY: in range, and the frame outlives `self` (see `with_frame`).
            unsafe { *self.base.add(i) }
        } else {
            UNIT
        }
    }

    /// Stores `v` in slot `i` (ignored when `i` is out of range).
    #[inline]
    pub fn set(&self, i: usize, v: Value) {
        if i < self.len {
            // SAFETY: as in `get`.
            unsafe { *self.base.add(i) = v }
        }
    }

    /// The number of slots.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no slots.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The slots of the frame at `frame`.
    ///
    /// # Safety
    /// The frame must stay valid while the result is used.
    pub(crate) unsafe fn of_frame(frame: *mut Frame) -> Slots {
        Slots {
            base: Frame::slots(frame),
            len: (*frame).len as usize,
        }
    }
}

/// Runs `f` with `init` held in a new shadow-stack frame of the current thread: the values
/// stay alive, and up to date, across collections while `f` runs.
pub fn with_frame<const N: usize, R>(
    m: &mut Mutator,
    init: [Value; N],
    f: impl FnOnce(&mut Mutator, Slots) -> R,
) -> R {
    let mut frame = SizedFrame::new(init);
    let head: *mut Frame = ptr::addr_of_mut!(frame.head);
    struct Pop(*mut Frame);
    impl Drop for Pop {
        fn drop(&mut self) {
            // SAFETY: the runtime lock is held by this thread (it holds a Mutator).
            unsafe { (*regs()).shadow_top = self.0 }
        }
    }
    // SAFETY: the lock is held; the frame lives until `Pop` unlinks it.
    let slots = unsafe {
        (*head).prev = (*regs()).shadow_top;
        (*regs()).shadow_top = head;
        Slots::of_frame(head)
    };
    // SAFETY: `head` was just linked above.
    let _pop = Pop(unsafe { (*head).prev });
    f(m, slots)
}

/// Visits every slot of the shadow stack whose innermost frame is `top`.
///
/// # Safety
/// The chain from `top` must be made of valid frames.
pub(crate) unsafe fn for_each_stack_slot(mut top: *mut Frame, visit: &mut dyn FnMut(*mut Value)) {
    while !top.is_null() {
        let slots = Frame::slots(top);
        for i in 0..(*top).len as usize {
            visit(slots.add(i));
        }
        top = (*top).prev;
    }
}

/// Addresses of global roots registered by compiled code or the runtime.
pub(crate) struct GlobalRoots {
    slots: Vec<*mut Value>,
}

impl GlobalRoots {
    /// No roots.
    pub(crate) const fn new() -> GlobalRoots {
        GlobalRoots { slots: Vec::new() }
    }

    /// Adds the word at `slot` to the roots (it must stay valid for the rest of the run).
    /// Registering a slot twice has no further effect.
    pub(crate) fn register(&mut self, slot: *mut Value) {
        if !self.slots.contains(&slot) {
            self.slots.push(slot);
        }
    }

    /// Visits every registered root.
    pub(crate) fn for_each(&self, visit: &mut dyn FnMut(*mut Value)) {
        for &s in &self.slots {
            visit(s);
        }
    }
}
