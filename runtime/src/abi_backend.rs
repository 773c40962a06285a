//! C ABI functions only the native backend uses: starting a program on a large stack, and
//! reporting exceptions that escape compiled code (documented in `runtime/README.md`,
//! "Backend support").
//!
//! Exception values of compiled code are blocks of tag [`EXN_TAG`]: field 0 is the
//! exception's number (an int), the other fields are its arguments. The backend passes a
//! table of the exceptions' names (static string values, one per number).

use std::ffi::{c_char, c_int};

use crate::alloc::alloc;
use crate::error::{RtError, RtResult};
use crate::format::format_float_bytes;
use crate::gc::modify;
use crate::io::{flush_all, output, Channel};
use crate::program::exit;
use crate::roots::{regs, with_frame};
use crate::sched::Mutator;
use crate::strings::{string_bytes, string_concat_list, string_from_bytes};
use crate::value::{Value, DOUBLE_TAG, NIL, STRING_TAG, UNIT};

/// The tag of an exception value made by compiled code.
pub const EXN_TAG: u8 = 248;

/// Stack size of the thread that runs the top level (deep non-tail recursion, as OCaml 5
/// allows it).
const MAIN_STACK: usize = 1 << 30;

pub(crate) fn mutator() -> Mutator {
    // SAFETY: called from compiled code, which holds the runtime lock.
    unsafe { Mutator::assume_held() }
}

/// Runs [`crate::abi::anerisc_main`] on a new thread with a 1 GiB stack and returns its
/// exit status.
///
/// # Safety
/// As `anerisc_main`: `argv` must hold `argc` valid C strings.
#[no_mangle]
pub unsafe extern "C" fn anerisc_main_large_stack(
    argc: c_int,
    argv: *const *const c_char,
    entry: extern "C" fn(),
) -> c_int {
    let argv_addr = argv as usize;
    let thread = std::thread::Builder::new()
        .stack_size(MAIN_STACK)
        // SAFETY: the caller's argv outlives the join below.
        .spawn(move || unsafe {
            crate::abi::anerisc_main(argc, argv_addr as *const *const c_char, entry)
        });
    match thread.map(|t| t.join()) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!("anerisc runtime: cannot start the main thread");
            2
        }
    }
}


/// An argument of an exception as OCaml's runtime prints it: ints as numbers, strings
/// quoted and escaped, floats as `string_of_float`, anything else `_`.
fn argument_text(m: &Mutator, v: Value) -> String {
    if v.is_int() {
        return v.to_int().to_string();
    }
    // SAFETY: a value that is not an int is a block with a header.
    let tag = unsafe { v.header().tag() };
    if tag == STRING_TAG {
        if let Ok(b) = string_bytes(m, v) {
            return format!("\"{}\"", String::from_utf8_lossy(&crate::strings::escaped(b)));
        }
    }
    if tag == DOUBLE_TAG {
        // SAFETY: a float block has one raw field.
        let x = f64::from_bits(unsafe { v.raw_field(0) });
        return format_float_bytes(b"%F", x).map(|t| String::from_utf8_lossy(t.as_bytes()).into_owned()).unwrap_or_default();
    }
    "_".to_string()
}

/// The text of exception value `exn` (`Failure("x")`, `Not_found`, `Main.E(1, _)`):
/// `names` holds `count` string values, the exceptions' names by number. The argument of
/// `Match_failure` and `Assert_failure` (a triple) is printed flat, as OCaml does.
///
/// # Safety
/// `exn` must be an exception block and `names` a table of `count` strings.
unsafe fn exception_text(m: &Mutator, exn: Value, names: *const Value, count: u64) -> String {
    let id = exn.field(0).to_int();
    let name = if id >= 0 && (id as u64) < count {
        string_bytes(m, *names.add(id as usize)).map_or_else(|_| "?".into(), |b| String::from_utf8_lossy(b).into_owned())
    } else {
        "?".into()
    };
    let size = exn.header().size() as usize;
    let args: Vec<Value> = (1..size).map(|i| exn.field(i)).collect();
    if (name == "Match_failure" || name == "Assert_failure") && args.len() == 1 && args[0].is_block() {
        let t = args[0];
        let (file, line, col) = (t.field(0), t.field(1).to_int(), t.field(2).to_int());
        let file = string_bytes(m, file).map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
        let (width, what) = if name == "Assert_failure" { (6, "Assertion failed") } else { (5, "Pattern matching failed") };
        return format!("File \"{file}\", line {line}, characters {col}-{}: {what}", col + width);
    }
    if args.is_empty() {
        return name;
    }
    let parts: Vec<String> = args.iter().map(|a| argument_text(m, *a)).collect();
    format!("{name}({})", parts.join(", "))
}

/// Reports an exception that escaped the top level as OCaml does (`Fatal error: exception
/// ...` on stderr after flushing stdout) and ends the process with status 2.
///
/// # Safety
/// `exn` must be an exception block and `names` a table of `count` strings.
#[no_mangle]
pub unsafe extern "C" fn anerisc_uncaught_exception(exn: Value, names: *const Value, count: u64) -> ! {
    let m = &mut mutator();
    let text = exception_text(m, exn, names, count);
    let _ = crate::io::flush_channel(Channel::Stdout);
    let _ = output(m, Channel::Stderr, format!("Fatal error: exception {text}\n").as_bytes(), true);
    flush_all();
    exit(2)
}

/// Reports an exception that escaped a forked thread (`Thread N killed on uncaught
/// exception ...`, as OCaml's threads library does); the thread then ends normally.
///
/// # Safety
/// `exn` must be an exception block and `names` a table of `count` strings.
#[no_mangle]
pub unsafe extern "C" fn anerisc_thread_uncaught_exception(thread: Value, exn: Value, names: *const Value, count: u64) -> Value {
    let m = &mut mutator();
    let text = exception_text(m, exn, names, count);
    let _ = output(m, Channel::Stdout, b"", true);
    let line = format!("Thread {} killed on uncaught exception {text}\n", thread.to_int());
    let _ = output(m, Channel::Stderr, line.as_bytes(), true);
    crate::value::UNIT
}

/// Flushes standard output (`%!` in a format); a write error is ignored here and reported
/// by the next write.
#[no_mangle]
pub extern "C" fn anerisc_flush_stdout() -> Value {
    let m = &mut mutator();
    let _ = output(m, Channel::Stdout, b"", true);
    crate::value::UNIT
}

/// Records `e` as the runtime's pending exception and returns the word 0.
pub(crate) fn raise(m: &mut Mutator, e: RtError) -> Value {
    let arg = string_from_bytes(m, e.message.as_bytes()).unwrap_or(UNIT);
    // SAFETY: the lock is held.
    unsafe {
        (*regs()).exn_kind = e.kind as u64;
        (*regs()).exn_arg = arg;
    }
    Value(0)
}

/// A value, or the word 0 with `e` pending.
pub(crate) fn finish(m: &mut Mutator, r: RtResult<Value>) -> Value {
    r.unwrap_or_else(|e| raise(m, e))
}

/// The elements of list `l` in a new array block (tag 0).
fn list_to_array(m: &mut Mutator, l: Value) -> RtResult<Value> {
    let mut n = 0;
    let mut cur = l;
    while cur.is_block() {
        n += 1;
        // SAFETY: a list cell has two fields.
        cur = unsafe { cur.field(1) };
    }
    with_frame(m, [l], |m, slots| {
        let arr = alloc(m, 0, n)?;
        let mut cur = slots.get(0);
        for i in 0..n {
            // SAFETY: `arr` has `n` fields and the list `n` cells; no allocation here.
            unsafe {
                modify(m, arr, i, cur.field(0));
                cur = cur.field(1);
            }
        }
        Ok(arr)
    })
}

/// The list of the fields of `arr` from `from` on, ending with `tail`.
fn array_to_list_onto(m: &mut Mutator, arr: Value, tail: Value) -> RtResult<Value> {
    // SAFETY: an array block.
    let n = unsafe { arr.header().size() } as usize;
    with_frame(m, [arr, tail], |m, slots| {
        for i in (0..n).rev() {
            let cell = alloc(m, 0, 2)?;
            // SAFETY: a fresh cell of two fields; the array is re-read from its slot.
            unsafe {
                cell.set_field(0, slots.get(0).field(i));
                cell.set_field(1, slots.get(1));
            }
            slots.set(1, cell);
        }
        Ok(slots.get(1))
    })
}

/// `None`, or `Some v` for an immediate `v`.
pub(crate) fn option(m: &mut Mutator, v: Option<Value>) -> RtResult<Value> {
    match v {
        None => Ok(UNIT),
        Some(v) => {
            let cell = alloc(m, 0, 1)?;
            // SAFETY: a fresh block of one field; `v` is an immediate (no root needed).
            unsafe { cell.set_field(0, v) };
            Ok(cell)
        }
    }
}

/// `Some v` for a heap value `v` (kept alive across the allocation).
pub(crate) fn some_block(m: &mut Mutator, v: Value) -> RtResult<Value> {
    with_frame(m, [v], |m, slots| {
        let cell = alloc(m, 0, 1)?;
        // SAFETY: a fresh block of one field.
        unsafe { cell.set_field(0, slots.get(0)) };
        Ok(cell)
    })
}

/// `a @ b`.
#[no_mangle]
pub extern "C" fn anerisc_list_append(a: Value, b: Value) -> Value {
    let m = &mut mutator();
    let r = with_frame(m, [b], |m, slots| {
        let arr = list_to_array(m, a)?;
        array_to_list_onto(m, arr, slots.get(0))
    });
    finish(m, r)
}

/// `Array.of_list l`.
#[no_mangle]
pub extern "C" fn anerisc_array_of_list(l: Value) -> Value {
    let m = &mut mutator();
    let r = list_to_array(m, l);
    finish(m, r)
}

/// `Array.to_list a`.
#[no_mangle]
pub extern "C" fn anerisc_array_to_list(a: Value) -> Value {
    let m = &mut mutator();
    let r = array_to_list_onto(m, a, NIL);
    finish(m, r)
}

/// `String.concat sep l`.
#[no_mangle]
pub extern "C" fn anerisc_string_concat_list(sep: Value, l: Value) -> Value {
    let m = &mut mutator();
    let r = string_concat_list(m, sep, l);
    finish(m, r)
}

/// `String.split_on_char c s`.
#[no_mangle]
pub extern "C" fn anerisc_string_split_on_char(c: Value, s: Value) -> Value {
    let m = &mut mutator();
    let r = crate::strings::split_on_char(m, c.to_int() as u8, s);
    finish(m, r)
}

/// `String.escaped s`.
#[no_mangle]
pub extern "C" fn anerisc_string_escaped(s: Value) -> Value {
    let m = &mut mutator();
    let r = string_bytes(m, s).map(crate::strings::escaped).and_then(|e| string_from_bytes(m, &e));
    finish(m, r)
}

/// `bool_of_string s`.
#[no_mangle]
pub extern "C" fn anerisc_bool_of_string(s: Value) -> Value {
    let m = &mut mutator();
    let r = string_bytes(m, s).and_then(|b| match b {
        b"true" => Ok(crate::value::TRUE),
        b"false" => Ok(crate::value::FALSE),
        _ => Err(RtError::invalid_argument("bool_of_string")),
    });
    finish(m, r)
}

/// How the runtime calls a compiled closure on one argument: `apply(f, x)`, 0 when the
/// closure raised (the exception is then pending in compiled code, and `exn_kind` is 0).
pub(crate) type Apply1 = extern "C" fn(Value, Value) -> Value;

/// Why a higher-order function stopped: the closure raised.
struct Raised;

/// Calls `f` (in slot 0 of the caller's frame) on each int in `0..n`, collecting the results.
fn map_range(n: i64, slots: crate::roots::Slots, apply: Apply1, mut each: impl FnMut(Value)) -> Result<(), Raised> {
    for i in 0..n {
        let r = apply(slots.get(0), Value::of_int(i));
        if r.0 == 0 {
            return Err(Raised);
        }
        each(r);
    }
    Ok(())
}

/// `Ast.substring s start len`: like `String.sub`, but the empty string when out of range.
#[no_mangle]
pub extern "C" fn anerisc_substring(s: Value, start: Value, len: Value) -> Value {
    let m = &mut mutator();
    let r = string_bytes(m, s).map(|b| {
        let (st, l) = (start.to_int(), len.to_int());
        if st < 0 || l < 0 || (st + l) as usize > b.len() { Vec::new() } else { b[st as usize..(st + l) as usize].to_vec() }
    });
    let r = r.and_then(|b| string_from_bytes(m, &b));
    finish(m, r)
}

/// `String.uppercase_ascii` (0), `lowercase_ascii` (1), `capitalize_ascii` (2).
#[no_mangle]
pub extern "C" fn anerisc_string_case(s: Value, how: Value) -> Value {
    let m = &mut mutator();
    let r = string_bytes(m, s).map(|b| match how.to_int() {
        0 => b.to_ascii_uppercase(),
        1 => b.to_ascii_lowercase(),
        _ => {
            let mut t = b.to_vec();
            if let Some(c) = t.first_mut() {
                *c = c.to_ascii_uppercase();
            }
            t
        }
    });
    let r = r.and_then(|b| string_from_bytes(m, &b));
    finish(m, r)
}

/// `bool_of_string_opt s`.
#[no_mangle]
pub extern "C" fn anerisc_bool_of_string_opt(s: Value) -> Value {
    let m = &mut mutator();
    let r = string_bytes(m, s).map(|b| match b {
        b"true" => Some(crate::value::TRUE),
        b"false" => Some(crate::value::FALSE),
        _ => None,
    });
    let r = r.and_then(|found| option(m, found));
    finish(m, r)
}

/// `String.init n f`, calling `f` through `apply`.
#[no_mangle]
pub extern "C" fn anerisc_string_init(n: Value, f: Value, apply: Apply1) -> Value {
    let m = &mut mutator();
    if n.to_int() < 0 {
        return raise(m, RtError::invalid_argument("Bytes.create"));
    }
    with_frame(m, [f], |m, slots| {
        let mut out = Vec::new();
        match map_range(n.to_int(), slots, apply, |r| out.push(r.to_int() as u8)) {
            Err(Raised) => Value(0),
            Ok(()) => {
                let r = string_from_bytes(m, &out);
                finish(m, r)
            }
        }
    })
}

/// `Array.init n f`, calling `f` through `apply`.
#[no_mangle]
pub extern "C" fn anerisc_array_init(n: Value, f: Value, apply: Apply1) -> Value {
    let m = &mut mutator();
    if n.to_int() < 0 {
        return raise(m, RtError::invalid_argument("Array.init"));
    }
    let count = n.to_int() as usize;
    let arr = match alloc(m, 0, count) {
        Ok(a) => a,
        Err(e) => return raise(m, e),
    };
    // SAFETY: `f` is a closure value; it is rooted with the array.
    with_frame(m, [f, arr], |m, slots| {
        for i in 0..count {
            let r = apply(slots.get(0), Value::of_int(i as i64));
            if r.0 == 0 {
                return Value(0);
            }
            // SAFETY: the array (re-read from its slot) has `count` fields.
            unsafe { modify(m, slots.get(1), i, r) };
        }
        slots.get(1)
    })
}

/// `Array.iter f a` (`map` 0) and `Array.map f a` (`map` 1), calling `f` through `apply`.
#[no_mangle]
pub extern "C" fn anerisc_array_iter_map(f: Value, a: Value, map: Value, apply: Apply1) -> Value {
    let m = &mut mutator();
    // SAFETY: an array block.
    let count = unsafe { a.header().size() } as usize;
    with_frame(m, [f, a, UNIT], |m, slots| {
        if map.to_int() == 1 {
            match alloc(m, 0, count) {
                Ok(out) => slots.set(2, out),
                Err(e) => return raise(m, e),
            }
        }
        for i in 0..count {
            // SAFETY: the array (re-read from its slot) has `count` fields.
            let x = unsafe { slots.get(1).field(i) };
            let r = apply(slots.get(0), x);
            if r.0 == 0 {
                return Value(0);
            }
            if map.to_int() == 1 {
                // SAFETY: the result array has `count` fields.
                unsafe { modify(m, slots.get(2), i, r) };
            }
        }
        slots.get(2)
    })
}
