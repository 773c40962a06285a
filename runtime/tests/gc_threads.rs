//! Acceptance: 8 threads allocate concurrently under the runtime lock; each builds and checks
//! its own trees while collections started by the others move them.

use anerisc_runtime::alloc::alloc;
use anerisc_runtime::gc_stats;
use anerisc_runtime::roots::with_frame;
use anerisc_runtime::sched::{attach, yield_now, Mutator};
use anerisc_runtime::strings::{string_bytes, string_from_bytes};
use anerisc_runtime::value::{Value, UNIT};

const THREADS: usize = 8;
const ROUNDS: usize = 48;
const DEPTH: u32 = 10;

/// The text stored in the leaf with `seed`: a slice of a fixed byte cycle.
fn leaf_text(seed: u64) -> &'static [u8] {
    static CYCLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let cycle = CYCLE.get_or_init(|| (0..2048).map(|j| (j * 7 % 251) as u8).collect());
    let start = (seed % 256) as usize;
    &cycle[start..start + 600 + (seed % 800) as usize]
}

/// A tree of `depth` levels: nodes are `Node (left, right, seed)` (tag 0), leaves are
/// `Leaf (text, seed)` (tag 1); children of `seed` have seeds `2 seed` and `2 seed + 1`.
fn build(m: &mut Mutator, depth: u32, seed: u64) -> Value {
    if depth == 0 {
        return with_frame(m, [UNIT], |m, s| {
            s.set(0, string_from_bytes(m, leaf_text(seed)).unwrap());
            let leaf = alloc(m, 1, 2).unwrap();
            // SAFETY: a fresh block of two fields.
            unsafe {
                leaf.set_field(0, s.get(0));
                leaf.set_field(1, Value::of_int(seed as i64));
            }
            leaf
        });
    }
    if seed.is_multiple_of(64) {
        // Let the other threads run (and collect) while this tree is half built.
        yield_now(m);
    }
    with_frame(m, [UNIT, UNIT], |m, s| {
        s.set(0, build(m, depth - 1, seed * 2));
        s.set(1, build(m, depth - 1, seed * 2 + 1));
        let node = alloc(m, 0, 3).unwrap();
        // SAFETY: a fresh block of three fields.
        unsafe {
            node.set_field(0, s.get(0));
            node.set_field(1, s.get(1));
            node.set_field(2, Value::of_int(seed as i64));
        }
        node
    })
}

/// Whether `t` is exactly the tree `build(depth, seed)` makes.
fn check(m: &Mutator, t: Value, depth: u32, seed: u64) -> bool {
    // SAFETY: `t` is a live tree built by `build` (the lock is held).
    unsafe {
        if depth == 0 {
            return t.header().tag() == 1
                && t.field(1).to_int() == seed as i64
                && string_bytes(m, t.field(0)).unwrap() == leaf_text(seed);
        }
        t.header().tag() == 0
            && t.field(2).to_int() == seed as i64
            && check(m, t.field(0), depth - 1, seed * 2)
            && check(m, t.field(1), depth - 1, seed * 2 + 1)
    }
}

/// Builds `ROUNDS` trees, keeping the last two alive and checking them after each build.
fn worker(id: usize) -> Result<(), String> {
    attach(|m| {
        with_frame(m, [UNIT, UNIT], |m, keep| {
            for round in 0..ROUNDS {
                let seed = (id * 1000 + round + 1) as u64;
                let t = build(m, DEPTH, seed);
                keep.set(round % 2, t);
                for back in 0..2.min(round + 1) {
                    let r = round - back;
                    let s = (id * 1000 + r + 1) as u64;
                    if !check(m, keep.get(r % 2), DEPTH, s) {
                        return Err(format!("thread {id}: tree of round {r} corrupted"));
                    }
                }
            }
            Ok(())
        })
    })
    .map_err(|e| e.to_string())?
}

#[test]
fn eight_threads_allocating_concurrently_keep_their_data() {
    let before = attach(|m| gc_stats(m).collections).unwrap();
    let handles: Vec<_> = (0..THREADS)
        .map(|id| std::thread::spawn(move || worker(id)))
        .collect();
    for h in handles {
        h.join().expect("worker panicked").expect("worker result");
    }
    let after = attach(|m| gc_stats(m).collections).unwrap();
    assert!(
        after - before >= 10,
        "only {} collections ran",
        after - before
    );
}
