//! Acceptance: allocating 10 GiB in total while about 1 MiB stays live keeps the resident
//! memory under 64 MiB, and the live data survives every collection intact.

mod resident_memory;

use anerisc_runtime::alloc::alloc;
use anerisc_runtime::gc::modify;
use anerisc_runtime::gc_stats;
use anerisc_runtime::roots::with_frame;
use anerisc_runtime::sched::{attach, Mutator};
use anerisc_runtime::strings::{alloc_string, string_bytes, string_bytes_mut};
use anerisc_runtime::value::{Value, CLOSURE_TAG, DOUBLE_TAG, NIL, UNIT};
use resident_memory::vm_rss_kib;

const TOTAL_BYTES: u64 = 10 << 30;
const RSS_LIMIT_KIB: u64 = 64 * 1024;
/// Live entries kept in the ring (about 4 KiB each).
const RING: usize = 256;
const LIST_LEN: i64 = 32;

/// The 256-byte cycle of the content of string `id`: byte `j` is `(31 id + j) mod 256`.
fn pattern(id: i64) -> [u8; 256] {
    let start = (id as usize).wrapping_mul(31);
    std::array::from_fn(|j| start.wrapping_add(j) as u8)
}

/// A string of `len` bytes whose content follows from `id`.
fn patterned_string(m: &mut Mutator, id: i64, len: usize) -> Value {
    let s = alloc_string(m, len).unwrap();
    let p = pattern(id);
    for chunk in string_bytes_mut(m, s).unwrap().chunks_mut(256) {
        chunk.copy_from_slice(&p[..chunk.len()]);
    }
    s
}

fn string_ok(m: &Mutator, s: Value, id: i64, len: usize) -> bool {
    let bytes = string_bytes(m, s).unwrap();
    let p = pattern(id);
    bytes.len() == len && bytes.chunks(256).all(|c| c == &p[..c.len()])
}

/// The list `[id * 0; id * 1; ...]` of `LIST_LEN` cells.
fn build_list(m: &mut Mutator, id: i64) -> Value {
    with_frame(m, [NIL], |m, s| {
        for i in (0..LIST_LEN).rev() {
            let cell = alloc(m, 0, 2).unwrap();
            // SAFETY: a fresh block of two fields.
            unsafe {
                cell.set_field(0, Value::of_int(id.wrapping_mul(i)));
                cell.set_field(1, s.get(0));
            }
            s.set(0, cell);
        }
        s.get(0)
    })
}

fn entry_len(id: i64) -> usize {
    1024 + (id as usize).wrapping_mul(7919) % 5000
}

/// A record `{ id; text; list }` (tag 1).
fn build_entry(m: &mut Mutator, id: i64) -> Value {
    with_frame(m, [UNIT, UNIT], |m, s| {
        s.set(0, build_list(m, id));
        s.set(1, patterned_string(m, id, entry_len(id)));
        let e = alloc(m, 1, 3).unwrap();
        // SAFETY: a fresh block of three fields.
        unsafe {
            e.set_field(0, Value::of_int(id));
            e.set_field(1, s.get(1));
            e.set_field(2, s.get(0));
        }
        e
    })
}

fn entry_ok(m: &Mutator, e: Value, id: i64) -> bool {
    // SAFETY: `e` is a live entry built by `build_entry`.
    unsafe {
        if e.header().tag() != 1 || e.field(0).to_int() != id {
            return false;
        }
        if !string_ok(m, e.field(1), id, entry_len(id)) {
            return false;
        }
        let mut l = e.field(2);
        for i in 0..LIST_LEN {
            if !l.is_block() || l.field(0).to_int() != id.wrapping_mul(i) {
                return false;
            }
            l = l.field(1);
        }
        l == NIL
    }
}

/// A closure whose code pointer (field 0) is an even number that must never be followed,
/// with its environment (field 1) pointing to a boxed float.
fn build_closure(m: &mut Mutator) -> Value {
    with_frame(m, [UNIT], |m, s| {
        let f = alloc(m, DOUBLE_TAG, 1).unwrap();
        // SAFETY: a float block has one raw field.
        unsafe { f.set_raw_field(0, 2.5f64.to_bits()) };
        s.set(0, f);
        let c = alloc(m, CLOSURE_TAG, 2).unwrap();
        // SAFETY: a fresh closure block of two fields.
        unsafe {
            c.set_raw_field(0, 0x5000);
            c.set_field(1, s.get(0));
        }
        c
    })
}

fn closure_ok(c: Value) -> bool {
    // SAFETY: `c` is the live closure built by `build_closure`.
    unsafe {
        c.header().tag() == CLOSURE_TAG
            && c.raw_field(0) == 0x5000
            && f64::from_bits(c.field(1).raw_field(0)) == 2.5
    }
}

#[test]
fn ten_gib_allocated_with_one_mib_live_stays_under_64_mib() {
    let (max_rss, stats) = attach(|m| {
        // Slots: 0 ring, 1 big live string, 2 closure, 3 scratch garbage.
        with_frame(m, [UNIT; 4], |m, roots| {
            let ring = alloc(m, 0, RING).unwrap();
            roots.set(0, ring);
            let mut expected: Vec<i64> = (0..RING as i64).collect();
            for k in 0..RING {
                let e = build_entry(m, k as i64);
                // SAFETY: the ring (re-read from its root) has RING fields.
                unsafe { modify(m, roots.get(0), k, e) };
            }
            let mut big_id = 0i64;
            roots.set(1, patterned_string(m, big_id, 300_000));
            let c = build_closure(m);
            roots.set(2, c);
            let start = gc_stats(m).allocated_words;
            let mut max_rss = vm_rss_kib();
            let mut next_id = RING as i64;
            let mut iter = 0u64;
            while (gc_stats(m).allocated_words - start) * 8 < TOTAL_BYTES {
                // Garbage: a string of 1 to 120 KiB, a short list, and every 8th round a
                // 1 MiB string in the large-object space.
                let len = 1024 + (iter as usize * 104_729) % (119 * 1024);
                roots.set(3, alloc_string(m, len).unwrap());
                roots.set(3, build_list(m, iter as i64));
                if iter.is_multiple_of(8) {
                    roots.set(3, alloc_string(m, 1 << 20).unwrap());
                }
                // Replace one live entry.
                let k = (iter as usize * 7) % RING;
                let e = build_entry(m, next_id);
                // SAFETY: as above.
                unsafe { modify(m, roots.get(0), k, e) };
                expected[k] = next_id;
                next_id += 1;
                if iter.is_multiple_of(2000) {
                    big_id += 1;
                    roots.set(1, patterned_string(m, big_id, 300_000));
                }
                if iter.is_multiple_of(500) {
                    max_rss = max_rss.max(vm_rss_kib());
                }
                iter += 1;
            }
            max_rss = max_rss.max(vm_rss_kib());
            // Every live entry still holds what was stored in it.
            let ring = roots.get(0);
            for (k, &id) in expected.iter().enumerate() {
                // SAFETY: the ring has RING fields.
                let e = unsafe { ring.field(k) };
                assert!(entry_ok(m, e, id), "entry {k} (id {id}) corrupted");
            }
            assert!(
                string_ok(m, roots.get(1), big_id, 300_000),
                "large live string corrupted"
            );
            assert!(closure_ok(roots.get(2)), "closure corrupted");
            (max_rss, gc_stats(m))
        })
    })
    .unwrap();
    eprintln!(
        "allocated {} GiB, {} major and {} minor collections, max VmRSS {} KiB, \
         live after last GC {} KiB",
        (stats.allocated_words * 8) >> 30,
        stats.collections,
        stats.minor_collections,
        max_rss,
        stats.live_bytes / 1024
    );
    assert!(stats.allocated_words * 8 >= TOTAL_BYTES);
    assert!(
        stats.collections > 100,
        "only {} collections",
        stats.collections
    );
    assert!(max_rss < RSS_LIMIT_KIB, "VmRSS reached {max_rss} KiB");
}
