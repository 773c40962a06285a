//! The C ABI compiled code calls (all symbols `anerisc_*`; the list and the conventions are
//! in `runtime/README.md`). Values travel as 64-bit words. A function that can raise returns
//! the word 0 and leaves the exception in `anerisc_regs` (`exn_kind`, `exn_arg`).
//!
//! Every function but `anerisc_main` expects the calling thread to hold the runtime lock,
//! which compiled code always does.

use std::ffi::{c_char, c_int, CStr};

use crate::alloc::alloc;
use crate::clock::gettimeofday;
use crate::compare::{compare, compare_op, CmpOp};
use crate::error::{RtError, RtResult};
use crate::format::{float_of_string, format_float, format_int, format_string, string_of_float};
use crate::gc::modify;
use crate::io::{output, output_string, Channel};
use crate::program::{argv, exit, run_program};
use crate::roots::{regs, Frame, Slots};
use crate::sched::{yield_now, Mutator};
use crate::strings::{
    int_of_string, int_of_string_opt, string_concat, string_from_bytes, string_length,
    string_make, string_of_int, string_sub,
};
use crate::sync::{
    acquire, monitor_acquire, monitor_broadcast, monitor_release, monitor_signal,
    monitor_try_acquire, monitor_wait, new_monitor, newlock, release, try_acquire,
};
use crate::threads::{sleepf, spawn};
use crate::value::{Value, DOUBLE_TAG, UNIT};

/// The code of a closure applied to one argument: `code(closure, arg)`.
type ClosureCode = extern "C" fn(Value, Value) -> Value;

fn mutator() -> Mutator {
    // SAFETY: compiled code only runs while its thread holds the runtime lock.
    unsafe { Mutator::assume_held() }
}

/// Turns an error into a pending exception (returning 0), a value into itself.
fn finish(m: &mut Mutator, r: RtResult<Value>) -> Value {
    match r {
        Ok(v) => v,
        Err(e) => raise(m, e),
    }
}

/// Records `e` as the pending exception and returns the word 0.
fn raise(m: &mut Mutator, e: RtError) -> Value {
    let arg = string_from_bytes(m, e.message.as_bytes()).unwrap_or(UNIT);
    // SAFETY: the lock is held.
    unsafe {
        (*regs()).exn_kind = e.kind as u64;
        (*regs()).exn_arg = arg;
    }
    Value(0)
}

fn unit(m: &mut Mutator, r: RtResult<()>) -> Value {
    let r = r.map(|()| UNIT);
    finish(m, r)
}

fn boolean(m: &mut Mutator, r: RtResult<bool>) -> Value {
    let r = r.map(Value::of_bool);
    finish(m, r)
}

/// Runs a program: sets `Sys.argv` from `argc`/`argv`, runs `entry` (the top level) on the
/// calling thread, waits for every forked thread, flushes output, returns the exit status.
///
/// # Safety
/// `argv` must hold `argc` valid C strings.
#[no_mangle]
pub unsafe extern "C" fn anerisc_main(
    argc: c_int,
    argv: *const *const c_char,
    entry: extern "C" fn(),
) -> c_int {
    let args: Vec<Vec<u8>> = (0..argc.max(0) as usize)
        .map(|i| CStr::from_ptr(*argv.add(i)).to_bytes().to_vec())
        .collect();
    let _alt_stack = crate::stackguard::install();
    match run_program(&args, |_| entry()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("anerisc runtime: {e}");
            2
        }
    }
}

/// `exit n`: flushes output and ends the process with status `n`.
#[no_mangle]
pub extern "C" fn anerisc_exit(code: Value) -> ! {
    exit(code.to_int() as i32)
}

/// Allocates a block of `size` fields with `tag` (scanned fields start as `()`, raw ones 0).
#[no_mangle]
pub extern "C" fn anerisc_alloc(tag: u64, size: u64) -> Value {
    let m = &mut mutator();
    let r = alloc(m, tag as u8, size as usize);
    finish(m, r)
}

/// Allocates a small block of `size` fields with `tag` for compiled code whose nursery is
/// full (the slow path of inline allocation). Running out of memory here ends the process
/// with `Fatal error: out of memory` (status 2), as OCaml does when its minor heap cannot
/// be emptied: compiled code never tests the result.
#[no_mangle]
pub extern "C" fn anerisc_alloc_small(tag: u64, size: u64) -> Value {
    let r = alloc(&mut mutator(), tag as u8, size as usize);
    r.unwrap_or_else(|e| {
        eprintln!("Fatal error: {}", e.message);
        exit(2)
    })
}

/// Stores `v` in field `index` of `block` with the write barrier: every store other than
/// the initialising stores into a small block just allocated (`:=`, `cas`, array writes,
/// filling a block of more than 16,383 fields).
#[no_mangle]
pub extern "C" fn anerisc_modify(block: Value, index: u64, v: Value) -> Value {
    // SAFETY: compiled code passes a live scanned block and an index in range.
    unsafe { modify(&mut mutator(), block, index as usize, v) };
    UNIT
}

/// Allocates a boxed float.
#[no_mangle]
pub extern "C" fn anerisc_alloc_float(x: f64) -> Value {
    let m = &mut mutator();
    let r = alloc(m, DOUBLE_TAG, 1).inspect(|v| {
        // SAFETY: a float block has one raw field.
        unsafe { v.set_raw_field(0, x.to_bits()) };
    });
    finish(m, r)
}

/// Links `frame` (its `prev` is overwritten) as the innermost shadow-stack frame.
///
/// # Safety
/// `frame` must be a frame header followed by `len` initialised slots, valid until popped.
#[no_mangle]
pub unsafe extern "C" fn anerisc_push_frame(frame: *mut Frame) {
    (*frame).prev = (*regs()).shadow_top;
    (*regs()).shadow_top = frame;
}

/// Unlinks `frame` (the innermost frame) from the shadow stack.
///
/// # Safety
/// `frame` must be the frame pushed last and not popped yet.
#[no_mangle]
pub unsafe extern "C" fn anerisc_pop_frame(frame: *mut Frame) {
    (*regs()).shadow_top = (*frame).prev;
}

/// Adds the word at `slot` to the roots for the rest of the run.
///
/// # Safety
/// `slot` must stay valid and hold a valid value from now on.
#[no_mangle]
pub unsafe extern "C" fn anerisc_register_global_root(slot: *mut Value) {
    mutator().state().globals.register(slot);
}

/// Allocates a string holding a copy of `len` bytes at `bytes`.
///
/// # Safety
/// `bytes` must point to `len` readable bytes (outside the heap).
#[no_mangle]
pub unsafe extern "C" fn anerisc_string_from_bytes(bytes: *const u8, len: u64) -> Value {
    let m = &mut mutator();
    let r = string_from_bytes(m, std::slice::from_raw_parts(bytes, len as usize));
    finish(m, r)
}

/// `String.length s`.
#[no_mangle]
pub extern "C" fn anerisc_string_length(s: Value) -> Value {
    let m = &mut mutator();
    let r = string_length(m, s);
    finish(m, r)
}

/// `String.sub s start len`.
#[no_mangle]
pub extern "C" fn anerisc_string_sub(s: Value, start: Value, len: Value) -> Value {
    let m = &mut mutator();
    let r = string_sub(m, s, start, len);
    finish(m, r)
}

/// `a ^ b`.
#[no_mangle]
pub extern "C" fn anerisc_string_concat(a: Value, b: Value) -> Value {
    let m = &mut mutator();
    let r = string_concat(m, a, b);
    finish(m, r)
}

/// `String.make n c`.
#[no_mangle]
pub extern "C" fn anerisc_string_make(n: Value, c: Value) -> Value {
    let m = &mut mutator();
    let r = string_make(m, n, c);
    finish(m, r)
}

/// `string_of_int n`.
#[no_mangle]
pub extern "C" fn anerisc_string_of_int(n: Value) -> Value {
    let m = &mut mutator();
    let r = string_of_int(m, n);
    finish(m, r)
}

/// `int_of_string s` (raises `Failure "int_of_string"`).
#[no_mangle]
pub extern "C" fn anerisc_int_of_string(s: Value) -> Value {
    let m = &mut mutator();
    let r = int_of_string(m, s);
    finish(m, r)
}

/// `int_of_string_opt s`.
#[no_mangle]
pub extern "C" fn anerisc_int_of_string_opt(s: Value) -> Value {
    let m = &mut mutator();
    let r = int_of_string_opt(m, s);
    finish(m, r)
}

/// `Printf`'s conversion `fmt` (a string such as `"%5d"`) of the int `n`.
#[no_mangle]
pub extern "C" fn anerisc_format_int(fmt: Value, n: Value) -> Value {
    let m = &mut mutator();
    let r = format_int(m, fmt, n);
    finish(m, r)
}

/// `Printf`'s conversion `fmt` (a string such as `"%.3f"`) of the float `x`.
#[no_mangle]
pub extern "C" fn anerisc_format_float(fmt: Value, x: f64) -> Value {
    let m = &mut mutator();
    let r = format_float(m, fmt, x);
    finish(m, r)
}

/// `Printf`'s conversion `fmt` (a string such as `"%-8s"`) of the string `s`.
#[no_mangle]
pub extern "C" fn anerisc_format_string(fmt: Value, s: Value) -> Value {
    let m = &mut mutator();
    let r = format_string(m, fmt, s);
    finish(m, r)
}

/// `string_of_float x`.
#[no_mangle]
pub extern "C" fn anerisc_string_of_float(x: f64) -> Value {
    let m = &mut mutator();
    let r = string_of_float(m, x);
    finish(m, r)
}

/// `float_of_string s`, boxed (raises `Failure "float_of_string"`).
#[no_mangle]
pub extern "C" fn anerisc_float_of_string(s: Value) -> Value {
    let m = &mut mutator();
    let r = float_of_string(m, s);
    match r {
        Ok(x) => anerisc_alloc_float(x),
        Err(e) => raise(m, e),
    }
}

/// `compare a b` (-1, 0 or 1).
#[no_mangle]
pub extern "C" fn anerisc_compare(a: Value, b: Value) -> Value {
    let m = &mut mutator();
    let r = compare(m, a, b);
    finish(m, r)
}

fn comparison(op: CmpOp, a: Value, b: Value) -> Value {
    let m = &mut mutator();
    let r = compare_op(m, op, a, b);
    boolean(m, r)
}

/// `a = b` (structural).
#[no_mangle]
pub extern "C" fn anerisc_equal(a: Value, b: Value) -> Value {
    comparison(CmpOp::Eq, a, b)
}

/// `a <> b` (structural).
#[no_mangle]
pub extern "C" fn anerisc_notequal(a: Value, b: Value) -> Value {
    comparison(CmpOp::Ne, a, b)
}

/// `a < b` (structural).
#[no_mangle]
pub extern "C" fn anerisc_lessthan(a: Value, b: Value) -> Value {
    comparison(CmpOp::Lt, a, b)
}

/// `a <= b` (structural).
#[no_mangle]
pub extern "C" fn anerisc_lessequal(a: Value, b: Value) -> Value {
    comparison(CmpOp::Le, a, b)
}

/// `a > b` (structural).
#[no_mangle]
pub extern "C" fn anerisc_greaterthan(a: Value, b: Value) -> Value {
    comparison(CmpOp::Gt, a, b)
}

/// `a >= b` (structural).
#[no_mangle]
pub extern "C" fn anerisc_greaterequal(a: Value, b: Value) -> Value {
    comparison(CmpOp::Ge, a, b)
}

/// `print_string s`.
#[no_mangle]
pub extern "C" fn anerisc_print_string(s: Value) -> Value {
    let m = &mut mutator();
    let r = output_string(m, Channel::Stdout, s, false);
    unit(m, r)
}

/// `print_endline s` (flushes).
#[no_mangle]
pub extern "C" fn anerisc_print_endline(s: Value) -> Value {
    let m = &mut mutator();
    let r = output_string(m, Channel::Stdout, s, true);
    unit(m, r)
}

/// `print_int n`.
#[no_mangle]
pub extern "C" fn anerisc_print_int(n: Value) -> Value {
    let m = &mut mutator();
    let r = output(m, Channel::Stdout, n.to_int().to_string().as_bytes(), false);
    unit(m, r)
}

/// `print_newline ()` (flushes).
#[no_mangle]
pub extern "C" fn anerisc_print_newline(_unit: Value) -> Value {
    let m = &mut mutator();
    let r = output(m, Channel::Stdout, b"\n", true);
    unit(m, r)
}

/// `prerr_string s`.
#[no_mangle]
pub extern "C" fn anerisc_prerr_string(s: Value) -> Value {
    let m = &mut mutator();
    let r = output_string(m, Channel::Stderr, s, false);
    unit(m, r)
}

/// `prerr_endline s` (flushes).
#[no_mangle]
pub extern "C" fn anerisc_prerr_endline(s: Value) -> Value {
    let m = &mut mutator();
    let r = output_string(m, Channel::Stderr, s, true);
    unit(m, r)
}

/// `fork f x`: runs `f x` on a new thread (the closure's code is called as `code(f, x)`).
#[no_mangle]
pub extern "C" fn anerisc_fork(f: Value, x: Value) -> Value {
    fn body(_m: &mut Mutator, slots: Slots) {
        let f = slots.get(0);
        // SAFETY: slot 0 holds a closure, whose field 0 is its code pointer.
        let code: ClosureCode = unsafe { std::mem::transmute(f.raw_field(0) as usize) };
        code(f, slots.get(1));
    }
    let m = &mut mutator();
    let r = spawn(m, [f, x], body);
    unit(m, r)
}

/// Lets other threads waiting for the runtime lock run (a safe point).
#[no_mangle]
pub extern "C" fn anerisc_yield() -> Value {
    yield_now(&mut mutator());
    UNIT
}

/// `Unix.sleepf secs` (the float unboxed).
#[no_mangle]
pub extern "C" fn anerisc_sleepf(secs: f64) -> Value {
    sleepf(&mut mutator(), secs);
    UNIT
}

/// `Unix.gettimeofday ()`, boxed.
#[no_mangle]
pub extern "C" fn anerisc_gettimeofday(_unit: Value) -> Value {
    anerisc_alloc_float(gettimeofday())
}

/// `Sys.argv`.
#[no_mangle]
pub extern "C" fn anerisc_argv() -> Value {
    argv(&mut mutator())
}

/// `newlock ()`.
#[no_mangle]
pub extern "C" fn anerisc_newlock(_unit: Value) -> Value {
    let m = &mut mutator();
    let r = newlock(m);
    finish(m, r)
}

/// `try_acquire l`.
#[no_mangle]
pub extern "C" fn anerisc_try_acquire(l: Value) -> Value {
    let m = &mut mutator();
    let r = try_acquire(m, l);
    boolean(m, r)
}

/// `acquire l`.
#[no_mangle]
pub extern "C" fn anerisc_acquire(l: Value) -> Value {
    let m = &mut mutator();
    let r = acquire(m, l);
    unit(m, r)
}

/// `release l`.
#[no_mangle]
pub extern "C" fn anerisc_release(l: Value) -> Value {
    let m = &mut mutator();
    let r = release(m, l);
    unit(m, r)
}

/// `new_monitor ()`.
#[no_mangle]
pub extern "C" fn anerisc_new_monitor(_unit: Value) -> Value {
    let m = &mut mutator();
    let r = new_monitor(m);
    finish(m, r)
}

/// `monitor_try_acquire mon`.
#[no_mangle]
pub extern "C" fn anerisc_monitor_try_acquire(mon: Value) -> Value {
    let m = &mut mutator();
    let r = monitor_try_acquire(m, mon);
    boolean(m, r)
}

/// `monitor_acquire mon`.
#[no_mangle]
pub extern "C" fn anerisc_monitor_acquire(mon: Value) -> Value {
    let m = &mut mutator();
    let r = monitor_acquire(m, mon);
    unit(m, r)
}

/// `monitor_release mon`.
#[no_mangle]
pub extern "C" fn anerisc_monitor_release(mon: Value) -> Value {
    let m = &mut mutator();
    let r = monitor_release(m, mon);
    unit(m, r)
}

/// `monitor_wait mon`.
#[no_mangle]
pub extern "C" fn anerisc_monitor_wait(mon: Value) -> Value {
    let m = &mut mutator();
    let r = monitor_wait(m, mon);
    unit(m, r)
}

/// `monitor_signal mon`.
#[no_mangle]
pub extern "C" fn anerisc_monitor_signal(mon: Value) -> Value {
    let m = &mut mutator();
    let r = monitor_signal(m, mon);
    unit(m, r)
}

/// `monitor_broadcast mon`.
#[no_mangle]
pub extern "C" fn anerisc_monitor_broadcast(mon: Value) -> Value {
    let m = &mut mutator();
    let r = monitor_broadcast(m, mon);
    unit(m, r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sched::attach;
    use crate::strings::string_bytes;

    fn s(text: &str) -> Value {
        // SAFETY: a valid byte slice.
        unsafe { anerisc_string_from_bytes(text.as_ptr(), text.len() as u64) }
    }

    /// Calls `f` on two fresh strings (rooted while the second one is allocated).
    fn on_two(m: &mut Mutator, a: &str, b: &str, f: extern "C" fn(Value, Value) -> Value) -> Value {
        crate::roots::with_frame(m, [UNIT], |_m, slots| {
            slots.set(0, s(a));
            let b = s(b);
            f(slots.get(0), b)
        })
    }

    /// The pending exception (kind, message), cleared.
    fn take_exception(m: &mut Mutator) -> (u64, Vec<u8>) {
        // SAFETY: the lock is held.
        let (kind, arg) = unsafe { ((*regs()).exn_kind, (*regs()).exn_arg) };
        // SAFETY: as above.
        unsafe { (*regs()).exn_kind = 0 };
        (kind, string_bytes(m, arg).unwrap().to_vec())
    }

    #[test]
    fn failures_become_pending_exceptions() {
        attach(|m| {
            assert_eq!(anerisc_int_of_string(s("12z")), Value(0));
            assert_eq!(take_exception(m), (1, b"int_of_string".to_vec()));
            assert_eq!(
                anerisc_string_sub(s("ab"), Value::of_int(1), Value::of_int(2)),
                Value(0)
            );
            assert_eq!(take_exception(m), (2, b"String.sub / Bytes.sub".to_vec()));
            assert_eq!(anerisc_acquire(Value::of_int(0)), Value(0));
            assert_eq!(take_exception(m).0, 2);
            assert_eq!(anerisc_int_of_string(s("-0x10")).to_int(), -16);
            assert_eq!(anerisc_float_of_string(s("x1")), Value(0));
            assert_eq!(take_exception(m), (1, b"float_of_string".to_vec()));
            assert_eq!(anerisc_format_int(s("%q"), Value::of_int(1)), Value(0));
            assert_eq!(take_exception(m).0, 2);
            let f = anerisc_float_of_string(s("2.5"));
            // SAFETY: a boxed float.
            assert_eq!(f64::from_bits(unsafe { f.raw_field(0) }), 2.5);
            let t = anerisc_format_float(s("%.2f"), 2.0 / 3.0);
            assert_eq!(string_bytes(m, t).unwrap(), b"0.67");
            let t = anerisc_format_int(s("%03d"), Value::of_int(7));
            assert_eq!(string_bytes(m, t).unwrap(), b"007");
            let t = anerisc_string_of_float(10.0);
            assert_eq!(string_bytes(m, t).unwrap(), b"10.");
        })
        .unwrap();
    }

    #[test]
    fn values_through_the_abi() {
        attach(|m| {
            let ab = on_two(m, "a", "b", anerisc_string_concat);
            assert_eq!(string_bytes(m, ab).unwrap(), b"ab");
            assert_eq!(anerisc_string_length(ab).to_int(), 2);
            let n = anerisc_string_of_int(Value::of_int(-7));
            assert_eq!(string_bytes(m, n).unwrap(), b"-7");
            let f = anerisc_alloc_float(1.5);
            // SAFETY: a float block.
            assert_eq!(
                unsafe { (f.header().tag(), f64::from_bits(f.raw_field(0))) },
                (253, 1.5)
            );
            let t = anerisc_alloc(2, 3);
            // SAFETY: a block of three fields.
            assert_eq!(
                unsafe { (t.header().tag(), t.header().size(), t.field(2)) },
                (2, 3, UNIT)
            );
            let l = anerisc_newlock(UNIT);
            assert_eq!(anerisc_try_acquire(l), crate::value::TRUE);
            assert_eq!(anerisc_try_acquire(l), crate::value::FALSE);
            assert_eq!(anerisc_release(l), UNIT);
            assert_eq!(anerisc_equal(l, l), Value(0), "locks cannot be compared");
            assert_eq!(take_exception(m).0, 2);
            assert_eq!(anerisc_yield(), UNIT);
            assert_eq!(on_two(m, "x", "x", anerisc_equal), crate::value::TRUE);
            assert_eq!(on_two(m, "x", "y", anerisc_lessthan), crate::value::TRUE);
            assert_eq!(
                on_two(m, "x", "y", anerisc_greaterequal),
                crate::value::FALSE
            );
            assert_eq!(on_two(m, "b", "a", anerisc_compare).to_int(), 1);
            let padded = on_two(m, "%4s", "ab", anerisc_format_string);
            assert_eq!(string_bytes(m, padded).unwrap(), b"  ab");
        })
        .unwrap();
    }

    #[test]
    fn abi_frames_are_roots() {
        #[repr(C)]
        struct Frame2 {
            head: Frame,
            slots: [Value; 2],
        }
        attach(|m| {
            let mut f = Frame2 {
                head: Frame {
                    prev: std::ptr::null_mut(),
                    len: 2,
                },
                slots: [UNIT; 2],
            };
            let fp = std::ptr::addr_of_mut!(f.head);
            // SAFETY: the frame outlives its push/pop pair; slots are accessed through `fp`.
            unsafe {
                anerisc_push_frame(fp);
                let slots = Frame::slots(fp);
                *slots = s("rooted");
                let old = *slots;
                crate::gc::collect(m);
                assert_ne!(*slots, old);
                assert_eq!(string_bytes(m, *slots).unwrap(), b"rooted");
                anerisc_pop_frame(fp);
            }
        })
        .unwrap();
    }
}
