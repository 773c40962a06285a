//! Process exit (docs/language.md): the process ends when the top level and every forked thread
//! are done, or at once at `exit n`; buffered output is flushed either way. A stack overflow
//! ends it as OCaml's uncaught `Stack_overflow` does. The test binary
//! runs itself as a child program through `anerisc_main` and watches it from outside.

use std::ffi::{c_char, CString};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anerisc_runtime::abi::{
    anerisc_alloc, anerisc_argv, anerisc_exit, anerisc_fork, anerisc_main, anerisc_prerr_string,
    anerisc_print_endline, anerisc_print_int, anerisc_print_string, anerisc_sleepf,
    anerisc_string_from_bytes, anerisc_string_length,
};
use anerisc_runtime::value::{Value, CLOSURE_TAG, UNIT};

/// Bound on how long a child may run.
const TIMEOUT: Duration = Duration::from_secs(30);

fn string(s: &str) -> Value {
    // SAFETY: a valid byte slice.
    unsafe { anerisc_string_from_bytes(s.as_ptr(), s.len() as u64) }
}

/// A closure with no environment whose code is `code`.
fn closure(code: extern "C" fn(Value, Value) -> Value) -> Value {
    let c = anerisc_alloc(CLOSURE_TAG as u64, 1);
    // SAFETY: a fresh closure block; field 0 is the code pointer.
    unsafe { c.set_raw_field(0, code as usize as u64) };
    c
}

/// Forked body: sleeps a little (longer for higher `arg`), then prints a line.
extern "C" fn late_printer(_closure: Value, arg: Value) -> Value {
    anerisc_sleepf(0.1 + 0.05 * arg.to_int() as f64);
    anerisc_print_endline(string(&format!("thread {} done", arg.to_int())));
    UNIT
}

/// Top level of the "wait" child: reports `Sys.argv`, forks three printers, returns at once.
extern "C" fn wait_top_level() {
    let argv = anerisc_argv();
    // SAFETY: `Sys.argv` is an array block of strings; read before anything allocates.
    let len = unsafe { argv.header().size() } as usize;
    let last_len = anerisc_string_length(unsafe { argv.field(len - 1) });
    anerisc_print_string(string("argv "));
    anerisc_print_int(Value::of_int(len as i64));
    anerisc_print_string(string(" "));
    anerisc_print_int(last_len);
    anerisc_print_string(string("\n"));
    for i in 0..3 {
        anerisc_fork(closure(late_printer), Value::of_int(i));
    }
    anerisc_print_string(string("main done\n"));
}

/// Forked body that never finishes on its own.
extern "C" fn sleeper(_closure: Value, _arg: Value) -> Value {
    anerisc_sleepf(1000.0);
    UNIT
}

/// Top level of the "exit" child: a thread sleeps for ever, the main program exits with 3.
extern "C" fn exit_top_level() {
    anerisc_fork(closure(sleeper), UNIT);
    anerisc_print_string(string("bye"));
    anerisc_prerr_string(string("err"));
    anerisc_exit(Value::of_int(3));
}

/// Recurses until the stack runs out.
#[inline(never)]
fn recurse(n: u64) -> u64 {
    let frame = std::hint::black_box([n; 64]);
    if n == u64::MAX {
        return 0;
    }
    recurse(n + 1).wrapping_add(frame[3])
}

/// Top level of the "overflow" child: buffered output, then a stack overflow.
extern "C" fn overflow_top_level() {
    anerisc_print_string(string("before"));
    recurse(0);
}

/// Forked body that overflows its stack.
extern "C" fn overflowing(_closure: Value, _arg: Value) -> Value {
    recurse(0);
    UNIT
}

/// Top level of the "thread overflow" child: a forked thread overflows its stack.
extern "C" fn thread_overflow_top_level() {
    anerisc_print_string(string("main"));
    anerisc_fork(closure(overflowing), UNIT);
}

/// Top level of the "bad pointer" child: a fault that is not a stack overflow.
extern "C" fn bad_pointer_top_level() {
    // SAFETY: deliberately not: the write faults.
    unsafe { std::ptr::write_volatile(std::hint::black_box(8usize) as *mut u64, 1) };
}

/// Runs a top level through `anerisc_main` with this process's arguments.
fn run_child(top_level: extern "C" fn()) -> ! {
    let args: Vec<CString> = std::env::args().map(|a| CString::new(a).unwrap()).collect();
    let argv: Vec<*const c_char> = args.iter().map(|a| a.as_ptr()).collect();
    // SAFETY: `argv` holds `args.len()` valid C strings.
    let code = unsafe { anerisc_main(argv.len() as i32, argv.as_ptr(), top_level) };
    std::process::exit(code)
}

/// Runs this binary as `mode` (plus an extra argument) and returns (status, stdout, stderr).
fn child(mode: &str) -> (i32, String, String) {
    let exe = std::env::current_exe().expect("current exe");
    let mut proc = Command::new(exe)
        .args([mode, "xyz"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn child");
    let start = Instant::now();
    loop {
        if proc.try_wait().expect("try_wait").is_some() {
            break;
        }
        if start.elapsed() > TIMEOUT {
            proc.kill().ok();
            panic!("child {mode} did not end within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = proc.wait_with_output().expect("child output");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("utf-8 output");
    (
        out.status.code().unwrap_or(-1),
        text(out.stdout),
        text(out.stderr),
    )
}

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("child-wait") => run_child(wait_top_level),
        Some("child-exit") => run_child(exit_top_level),
        Some("child-overflow") => run_child(overflow_top_level),
        Some("child-thread-overflow") => run_child(thread_overflow_top_level),
        Some("child-bad-pointer") => run_child(bad_pointer_top_level),
        _ => {}
    }

    let (code, out, err) = child("child-wait");
    assert_eq!((code, err.as_str()), (0, ""), "stdout: {out}");
    let mut lines: Vec<&str> = out.lines().collect();
    lines.sort();
    assert_eq!(
        lines,
        [
            "argv 3 3",
            "main done",
            "thread 0 done",
            "thread 1 done",
            "thread 2 done"
        ],
        "the program must wait for its forked threads"
    );
    println!("test process_ends_after_all_forked_threads ... ok");

    let (code, out, err) = child("child-exit");
    assert_eq!((code, out.as_str(), err.as_str()), (3, "bye", "err"));
    println!("test exit_ends_at_once_and_flushes ... ok");

    let fatal = "Fatal error: exception Stack_overflow\n";
    let (code, out, err) = child("child-overflow");
    assert_eq!((code, out.as_str(), err.as_str()), (2, "before", fatal));
    let (code, out, err) = child("child-thread-overflow");
    assert_eq!((code, out.as_str(), err.as_str()), (2, "main", fatal));
    let (code, _, err) = child("child-bad-pointer");
    assert_eq!(
        (code, err.as_str()),
        (-1, ""),
        "other faults keep their default action"
    );
    println!("test stack_overflow_is_reported_like_ocaml ... ok");
}
