//! Threads under the runtime lock: `Ast` locks exclude each other across lock hand-offs,
//! monitors carry a producer/consumer exchange, `fork` runs closures on new threads, and
//! blocking calls let other threads run.

use std::sync::mpsc;
use std::time::Duration;

use anerisc_runtime::abi::{
    anerisc_acquire, anerisc_alloc, anerisc_fork, anerisc_register_global_root, anerisc_release,
    anerisc_sleepf,
};
use anerisc_runtime::alloc::alloc;
use anerisc_runtime::gc::{collect, modify};
use anerisc_runtime::roots::with_frame;
use anerisc_runtime::sched::{attach, blocking, yield_now, yield_requested, Mutator};
use anerisc_runtime::strings::{string_bytes, string_from_bytes};
use anerisc_runtime::sync::{
    acquire, monitor_acquire, monitor_broadcast, monitor_release, monitor_try_acquire,
    monitor_wait, new_monitor, newlock, release, try_acquire,
};
use anerisc_runtime::threads::wait_for_forked;
use anerisc_runtime::value::{Value, CLOSURE_TAG, UNIT};

/// Bound on every wait in these tests.
const TIMEOUT: Duration = Duration::from_secs(60);

/// A fresh global root slot holding `v`.
fn global(_m: &mut Mutator, v: Value) -> &'static mut Value {
    let slot = Box::leak(Box::new(v));
    // SAFETY: the slot is leaked, so it stays valid for the rest of the run.
    unsafe { anerisc_register_global_root(slot) };
    slot
}

/// A `ref` cell (a one-field block of tag 0) holding `v`.
fn new_ref(m: &mut Mutator, v: Value) -> Value {
    let r = alloc(m, 0, 1).unwrap();
    // SAFETY: one field.
    unsafe { r.set_field(0, v) };
    r
}

fn get(r: Value) -> Value {
    // SAFETY: `r` is a live ref cell.
    unsafe { r.field(0) }
}

fn set(m: &mut Mutator, r: Value, v: Value) {
    // SAFETY: `r` is a live ref cell.
    unsafe { modify(m, r, 0, v) }
}

/// Publishes the pair `(resource, ref init)` in a new global root.
fn share(m: &mut Mutator, resource: Value, init: Value) -> *mut Value {
    with_frame(m, [resource, UNIT], |m, s| {
        s.set(1, new_ref(m, init));
        let pair = alloc(m, 0, 2).unwrap();
        // SAFETY: a fresh block of two fields.
        unsafe {
            pair.set_field(0, s.get(0));
            pair.set_field(1, s.get(1));
        }
        global(m, pair) as *mut Value
    })
}

/// Runs `f` on `n` threads, each attached to the runtime, and waits (bounded) for them.
fn run_threads(n: usize, f: fn(usize)) {
    let (tx, rx) = mpsc::channel();
    for i in 0..n {
        let tx = tx.clone();
        std::thread::spawn(move || {
            f(i);
            tx.send(()).unwrap();
        });
    }
    for _ in 0..n {
        rx.recv_timeout(TIMEOUT)
            .expect("a thread did not finish in time");
    }
}

#[test]
fn ast_locks_exclude_each_other_across_runtime_lock_handoffs() {
    static mut SHARED: *mut Value = std::ptr::null_mut();
    const THREADS: usize = 6;
    const ITERS: i64 = 200;
    attach(|m| {
        let lock = newlock(m).unwrap();
        // SAFETY: set once before the threads start.
        unsafe { SHARED = share(m, lock, Value::of_int(0)) };
    })
    .unwrap();
    run_threads(THREADS, |_| {
        attach(|m| {
            for _ in 0..ITERS {
                // SAFETY: the shared pair is a global root, read under the runtime lock.
                let lock = unsafe { (*SHARED).field(0) };
                acquire(m, lock).unwrap();
                let n = get(unsafe { (*SHARED).field(1) }).to_int();
                // Give the runtime lock away inside the critical section.
                yield_now(m);
                // Allocate inside the critical section too.
                new_ref(m, UNIT);
                set(m, unsafe { (*SHARED).field(1) }, Value::of_int(n + 1));
                release(m, unsafe { (*SHARED).field(0) }).unwrap();
            }
        })
        .unwrap();
    });
    attach(|m| {
        // SAFETY: as above.
        let lock = unsafe { (*SHARED).field(0) };
        assert_eq!(
            get(unsafe { (*SHARED).field(1) }).to_int(),
            THREADS as i64 * ITERS
        );
        assert!(try_acquire(m, lock).unwrap());
        assert!(!try_acquire(m, lock).unwrap());
        release(m, lock).unwrap();
        assert!(
            acquire(m, Value::of_int(3)).is_err(),
            "an int is not a lock"
        );
    })
    .unwrap();
}

#[test]
fn monitors_carry_a_producer_consumer_exchange() {
    static mut SHARED: *mut Value = std::ptr::null_mut();
    const ITEMS: i64 = 300;
    attach(|m| {
        let mon = new_monitor(m).unwrap();
        // SAFETY: set once before the threads start.
        unsafe { SHARED = share(m, mon, Value::of_int(-1)) };
    })
    .unwrap();
    // SAFETY (both closures): the pair is a global root, read under the runtime lock.
    let mon = || unsafe { (*SHARED).field(0) };
    let slot = || unsafe { (*SHARED).field(1) };
    let (tx, rx) = mpsc::channel();
    // Consumer: takes ITEMS values out of the one-place buffer (-1 means empty).
    std::thread::spawn(move || {
        let sum = attach(|m| {
            let mut sum = 0;
            for _ in 0..ITEMS {
                monitor_acquire(m, mon()).unwrap();
                while get(slot()).to_int() < 0 {
                    monitor_wait(m, mon()).unwrap();
                }
                sum += get(slot()).to_int();
                set(m, slot(), Value::of_int(-1));
                monitor_broadcast(m, mon()).unwrap();
                monitor_release(m, mon()).unwrap();
            }
            sum
        });
        tx.send(sum.unwrap()).unwrap();
    });
    // Producer: puts 1..=ITEMS into the buffer, waiting while it is full.
    attach(|m| {
        for i in 1..=ITEMS {
            monitor_acquire(m, mon()).unwrap();
            while get(slot()).to_int() >= 0 {
                monitor_wait(m, mon()).unwrap();
            }
            set(m, slot(), Value::of_int(i));
            monitor_broadcast(m, mon()).unwrap();
            monitor_release(m, mon()).unwrap();
        }
    })
    .unwrap();
    let sum = rx.recv_timeout(TIMEOUT).expect("consumer did not finish");
    assert_eq!(sum, ITEMS * (ITEMS + 1) / 2);
    attach(|m| {
        assert!(monitor_try_acquire(m, mon()).unwrap());
        assert!(!monitor_try_acquire(m, mon()).unwrap());
        monitor_release(m, mon()).unwrap();
    })
    .unwrap();
}

/// Closure code run by `fork`: adds `arg` to the counter in the closure's environment
/// (field 1: a pair of a lock and a ref), sleeping inside the critical section.
extern "C" fn add_to_counter(closure: Value, arg: Value) -> Value {
    // SAFETY: compiled code (which this stands for) runs under the runtime lock.
    let m = &mut unsafe { Mutator::assume_held() };
    with_frame(m, [closure], |m, s| {
        // SAFETY: slot 0 holds the closure built by the test below.
        let env = || unsafe { s.get(0).field(1) };
        let field = |i| unsafe { env().field(i) };
        assert_eq!(anerisc_acquire(field(0)), UNIT);
        let before = get(field(1)).to_int();
        anerisc_sleepf(0.001);
        assert!(anerisc_alloc(0, 4).is_block());
        set(m, field(1), Value::of_int(before + arg.to_int()));
        assert_eq!(anerisc_release(field(0)), UNIT);
    });
    UNIT
}

#[test]
fn fork_runs_closures_on_new_threads_and_waits_for_them() {
    const FORKS: i64 = 16;
    attach(|m| {
        let lock = newlock(m).unwrap();
        let total = with_frame(m, [lock, UNIT, UNIT], |m, s| {
            s.set(1, new_ref(m, Value::of_int(0)));
            let env = alloc(m, 0, 2).unwrap();
            // SAFETY: fresh blocks, filled before the next allocation.
            unsafe {
                env.set_field(0, s.get(0));
                env.set_field(1, s.get(1));
            }
            s.set(2, env);
            let closure = alloc(m, CLOSURE_TAG, 2).unwrap();
            // SAFETY: as above; field 0 is the code pointer.
            unsafe {
                closure.set_raw_field(
                    0,
                    add_to_counter as extern "C" fn(Value, Value) -> Value as usize as u64,
                );
                closure.set_field(1, s.get(2));
            }
            s.set(2, closure);
            for i in 1..=FORKS {
                assert_eq!(anerisc_fork(s.get(2), Value::of_int(i)), UNIT);
            }
            wait_for_forked(m);
            get(s.get(1)).to_int()
        });
        assert_eq!(total, FORKS * (FORKS + 1) / 2);
    })
    .unwrap();
}

#[test]
fn blocking_releases_the_runtime_lock() {
    let (to_waiter, waiter_rx) = mpsc::channel::<()>();
    let (done_tx, done_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let r = attach(|m| blocking(m, || waiter_rx.recv_timeout(TIMEOUT).is_ok()));
        done_tx.send(r.unwrap()).unwrap();
    });
    // This thread can only attach (and send) if the waiter gave the runtime lock up.
    std::thread::spawn(move || {
        attach(|_m| to_waiter.send(()).unwrap()).unwrap();
    });
    assert!(
        done_rx.recv_timeout(TIMEOUT).expect("waiter stuck"),
        "no message arrived"
    );
}

#[test]
fn attaching_twice_is_an_error() {
    let inner = attach(|_m| attach(|_m| ()).is_err()).unwrap();
    assert!(inner);
}

#[test]
fn shadow_stacks_of_blocked_threads_are_scanned_and_updated() {
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let (ready_tx, ready_rx) = mpsc::channel::<()>();
    let (done_tx, done_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let r = attach(|m| {
            with_frame(m, [UNIT], |m, s| {
                s.set(0, string_from_bytes(m, b"kept while blocked").unwrap());
                let before = s.get(0);
                blocking(m, || {
                    ready_tx.send(()).unwrap();
                    go_rx.recv_timeout(TIMEOUT).is_ok()
                }) && s.get(0) != before
                    && string_bytes(m, s.get(0)).unwrap() == b"kept while blocked"
            })
        });
        done_tx.send(r.unwrap()).unwrap();
    });
    ready_rx
        .recv_timeout(TIMEOUT)
        .expect("blocked thread never got ready");
    attach(|m| {
        for _ in 0..3 {
            collect(m);
        }
    })
    .unwrap();
    go_tx.send(()).unwrap();
    assert!(
        done_rx.recv_timeout(TIMEOUT).expect("blocked thread stuck"),
        "root lost or not moved"
    );
}

#[test]
fn a_thread_spinning_on_a_ref_is_asked_to_yield() {
    static mut SHARED: *mut Value = std::ptr::null_mut();
    attach(|m| {
        let unused = newlock(m).unwrap();
        // SAFETY: set once before the threads start.
        unsafe { SHARED = share(m, unused, Value::of_int(0)) };
    })
    .unwrap();
    // SAFETY: the pair is a global root, read under the runtime lock.
    let flag = || unsafe { (*SHARED).field(1) };
    let (spinning_tx, spinning_rx) = mpsc::channel();
    let (done_tx, done_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let start = std::time::Instant::now();
        let saw_flag = attach(|m| {
            spinning_tx.send(()).unwrap();
            // What compiled code does at a loop back edge: poll the yield request. The
            // spinner gives up after the timeout so a failure cannot hang the other tests.
            while get(flag()).to_int() == 0 {
                if start.elapsed() > TIMEOUT {
                    return false;
                }
                if yield_requested() {
                    yield_now(m);
                }
            }
            true
        });
        done_tx.send(saw_flag.unwrap()).unwrap();
    });
    spinning_rx
        .recv_timeout(TIMEOUT)
        .expect("spinner never started");
    // The setter gets the lock only if the spinner is asked to give it up.
    std::thread::spawn(move || attach(|m| set(m, flag(), Value::of_int(1))).unwrap());
    let saw_flag = done_rx.recv_timeout(2 * TIMEOUT).expect("spinner stuck");
    assert!(
        saw_flag,
        "the spinning thread never yielded the runtime lock"
    );
}
