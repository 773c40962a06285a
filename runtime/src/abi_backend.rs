//! C ABI functions only the native backend uses: starting a program on a large stack, and
//! reporting exceptions that escape compiled code (documented in `runtime/README.md`,
//! "Backend support").
//!
//! Exception values of compiled code are blocks of tag [`EXN_TAG`]: field 0 is the
//! exception's number (an int), the other fields are its arguments. The backend passes a
//! table of the exceptions' names (static string values, one per number).

use std::ffi::{c_char, c_int};

use crate::io::{flush_all, output, Channel};
use crate::program::exit;
use crate::sched::Mutator;
use crate::strings::string_bytes;
use crate::value::{Value, STRING_TAG};

/// The tag of an exception value made by compiled code.
pub const EXN_TAG: u8 = 248;

/// Stack size of the thread that runs the top level (deep non-tail recursion, as OCaml 5
/// allows it).
const MAIN_STACK: usize = 1 << 30;

fn mutator() -> Mutator {
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
/// quoted, anything else `_`.
fn argument_text(m: &Mutator, v: Value) -> String {
    if v.is_int() {
        return v.to_int().to_string();
    }
    // SAFETY: a value that is not an int is a block with a header.
    if unsafe { v.header().tag() } == STRING_TAG {
        if let Ok(b) = string_bytes(m, v) {
            return format!("\"{}\"", String::from_utf8_lossy(b));
        }
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
    let mut args: Vec<Value> = (1..size).map(|i| exn.field(i)).collect();
    if (name == "Match_failure" || name == "Assert_failure") && args.len() == 1 && args[0].is_block() {
        let t = args[0];
        args = (0..t.header().size() as usize).map(|i| t.field(i)).collect();
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
