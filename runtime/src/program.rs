//! A whole program's life: running the top level, `Sys.argv`, and ending the process as
//! docs/language.md says (when the top level and every forked thread are done, or at `exit n`).

use std::cell::UnsafeCell;

use crate::alloc::alloc;
use crate::error::RtResult;
use crate::gc::modify;
use crate::io::flush_all;
use crate::roots::with_frame;
use crate::sched::{attach, Mutator};
use crate::strings::string_from_bytes;
use crate::threads::wait_for_forked;
use crate::value::{Value, UNIT};

/// The `Sys.argv` array (a global root once set).
struct ArgvCell(UnsafeCell<Value>);

// SAFETY: read and written under the runtime lock only.
unsafe impl Sync for ArgvCell {}

static ARGV: ArgvCell = ArgvCell(UnsafeCell::new(UNIT));

/// Runs `top_level` on the current thread, waits for every forked thread, flushes the
/// standard channels and returns the exit status (0).
pub fn run_program(args: &[Vec<u8>], top_level: impl FnOnce(&mut Mutator)) -> RtResult<i32> {
    attach(|m| {
        set_argv(m, args)?;
        top_level(m);
        wait_for_forked(m);
        flush_all();
        Ok(0)
    })?
}

/// Sets `Sys.argv` to an array of the given strings.
pub fn set_argv(m: &mut Mutator, args: &[Vec<u8>]) -> RtResult<()> {
    let array = alloc(m, 0, args.len())?;
    with_frame(m, [array], |m, slots| {
        for (i, a) in args.iter().enumerate() {
            let s = string_from_bytes(m, a)?;
            // SAFETY: the array (re-read after the allocation) has `args.len()` fields.
            unsafe { modify(m, slots.get(0), i, s) };
        }
        let slot = ARGV.0.get();
        // SAFETY: the lock is held; the static slot lives for the whole run.
        unsafe { *slot = slots.get(0) };
        m.state().globals.register(slot);
        Ok(())
    })
}

/// `Sys.argv`.
pub fn argv(_m: &mut Mutator) -> Value {
    // SAFETY: the lock is held.
    unsafe { *ARGV.0.get() }
}

/// `exit n`: flushes the standard channels and ends the process at once.
pub fn exit(code: i32) -> ! {
    flush_all();
    std::process::exit(code)
}
