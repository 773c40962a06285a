//! GC roots: the shadow stack of frames pushed by the runtime and by compiled code's
//! helpers, global roots registered by address, and the `anerisc_regs` block that compiled
//! code reads and writes directly. Compiled functions keep their own roots in their native
//! frames, described by stack maps (`stack_maps.rs`).
//!
//! Only the thread holding the runtime lock runs compiled code, so the shadow-stack top and
//! the allocation pointer are process-wide words; the scheduler saves the top into the
//! thread's state when the thread gives the lock up and restores it when it takes it back.

use std::cell::UnsafeCell;
use std::ptr;
use std::sync::atomic::AtomicU64;

use crate::sched::Mutator;
use crate::stack_maps::for_each_frame_slot;
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
/// `anerisc_regs`; field offsets 0, 8, ..., 56).
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
    /// The stack pointer of the compiled frame that called the runtime last (0 when none):
    /// with `compiled_fp`, where the collector starts walking compiled frames.
    pub compiled_sp: usize,
    /// That frame's frame pointer.
    pub compiled_fp: usize,
    /// Where `anerisc_yield_keepN` leaves the values it kept across a yield for its caller,
    /// which reads them at once (not a root: written after the yield).
    pub kept: [Value; 2],
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
    compiled_sp: 0,
    compiled_fp: 0,
    kept: [UNIT; 2],
}));

/// Where a thread's roots on its stacks start: its innermost shadow-stack frame and the
/// compiled frame that called the runtime last (saved while the thread does not hold the
/// runtime lock, in `anerisc_regs` while it does).
#[derive(Clone, Copy)]
pub(crate) struct Stacks {
    /// The innermost shadow-stack frame.
    pub(crate) top: *mut Frame,
    /// The compiled frame's stack pointer (0 when none).
    pub(crate) compiled_sp: usize,
    /// The compiled frame's frame pointer.
    pub(crate) compiled_fp: usize,
}

impl Stacks {
    /// A thread's stacks before it runs compiled code, its shadow stack starting at `top`.
    pub(crate) fn new(top: *mut Frame) -> Stacks {
        Stacks { top, compiled_sp: 0, compiled_fp: 0 }
    }

    /// The running thread's, from `anerisc_regs`.
    ///
    /// # Safety
    /// The runtime lock is held.
    pub(crate) unsafe fn of_running() -> Stacks {
        let r = regs();
        Stacks { top: (*r).shadow_top, compiled_sp: (*r).compiled_sp, compiled_fp: (*r).compiled_fp }
    }

    /// Makes these the running thread's, in `anerisc_regs`.
    ///
    /// # Safety
    /// The runtime lock is held.
    pub(crate) unsafe fn make_running(self) {
        let r = regs();
        ((*r).shadow_top, (*r).compiled_sp, (*r).compiled_fp) = (self.top, self.compiled_sp, self.compiled_fp);
    }

    /// Visits every root on these stacks.
    ///
    /// # Safety
    /// The stacks must be intact (their thread blocked, or running this code).
    pub(crate) unsafe fn for_each_slot(self, visit: &mut dyn FnMut(*mut Value)) {
        for_each_stack_slot(self.top, visit);
        for_each_frame_slot(self.compiled_sp, self.compiled_fp, visit);
    }
}

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

/// The `len` of a shadow-stack frame that records a stretch of compiled frames instead of
/// holding values: its two words are the stack and frame pointers compiled code recorded
/// last before the runtime called compiled code back (see `stack_maps.rs`).
pub const COMPILED_STRETCH: u64 = u64::MAX;

/// Visits every slot of the shadow stack whose innermost frame is `top`, and the values
/// kept by the stretches of compiled frames it records.
///
/// # Safety
/// The chain from `top` must be made of valid frames.
pub(crate) unsafe fn for_each_stack_slot(mut top: *mut Frame, visit: &mut dyn FnMut(*mut Value)) {
    while !top.is_null() {
        let slots = Frame::slots(top);
        if (*top).len == COMPILED_STRETCH {
            let words = slots as *const usize;
            for_each_frame_slot(*words, *words.add(1), visit);
        } else {
            for i in 0..(*top).len as usize {
                visit(slots.add(i));
            }
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
