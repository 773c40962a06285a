//! The collector: precise and generational, stop-the-world.
//!
//! Minor collections copy the live blocks of the nursery into the major heap (Cheney's scan
//! over what was just copied); roots are the shadow stacks, the global roots, the pending
//! exception argument and the fields the write barrier ([`modify`]) remembered. Major
//! collections copy the whole major heap into fresh chunks and mark the large-object space
//! in place. Both run in the thread that holds the runtime lock; every other attached thread
//! is then at a safe point, its shadow stack saved in its thread state.

use std::ptr;

use crate::custom::finalize;
use crate::heap::{Heap, LargeBlock, CHUNK_WORDS, NURSERY_WORDS};
use crate::roots::{regs, Stacks};
use crate::sched::{for_each_thread_stacks, Mutator};
use crate::value::{
    Header, Value, CLOSURE_TAG, COLOR_FORWARDED, COLOR_LARGE, COLOR_SMALL, NO_SCAN_TAG,
};

/// Stores `v` in field `i` of `block`, recording the field when an old block starts to
/// point into the nursery. Every store into a block other than the initialising stores into
/// a small block just allocated must go through here.
///
/// # Safety
/// `block` must be a live, scanned block with more than `i` fields.
pub unsafe fn modify(m: &mut Mutator, block: Value, i: usize, v: Value) {
    let field = block.ptr().add(i) as *mut Value;
    let heap = &mut m.state().heap;
    if heap.is_young(v) && !heap.is_young(block) && !heap.is_young(*field) {
        heap.remembered.push(field);
    }
    *field = v;
}

/// Runs a full collection now (minor, then major).
pub fn collect(m: &mut Mutator) {
    evacuate_nursery(m);
    major(m);
}

/// Empties the nursery, then runs a major collection if the major heap outgrew its budget.
pub(crate) fn minor(m: &mut Mutator) {
    evacuate_nursery(m);
    if m.state().heap.over_budget(0) {
        major(m);
    }
}

/// The stacks of every attached thread.
fn thread_stacks(m: &mut Mutator) -> Vec<Stacks> {
    let mut stacks = Vec::new();
    for_each_thread_stacks(m, &mut |t| stacks.push(t));
    stacks
}

/// Evacuates every root (and, in a minor collection, the remembered fields), then scans.
///
/// # Safety
/// The lock is held; every root is a valid slot holding a valid value.
unsafe fn trace(m: &mut Mutator, young: Option<(usize, usize)>) -> Copier {
    let stacks = thread_stacks(m);
    let state = m.state();
    let heap = &mut state.heap;
    let (ptr, limit) = match young {
        Some(_) => (heap.major_ptr, heap.major_limit),
        None => (ptr::null_mut(), ptr::null_mut()),
    };
    let mut copier = Copier::new(std::mem::take(&mut heap.pool), young, ptr, limit);
    for st in stacks {
        st.for_each_slot(&mut |s| *s = copier.evacuate(*s));
    }
    state.globals.for_each(&mut |s| *s = copier.evacuate(*s));
    (*regs()).exn_arg = copier.evacuate((*regs()).exn_arg);
    if young.is_some() {
        for &field in &heap.remembered {
            *field = copier.evacuate(*field);
        }
    }
    copier.scan_all();
    copier
}

/// A minor collection: copies the nursery's live blocks into the major heap.
fn evacuate_nursery(m: &mut Mutator) {
    let nursery = m.state().heap.nursery;
    if nursery.is_null() {
        return;
    }
    let range = (nursery as usize, nursery as usize + NURSERY_WORDS * 8);
    // SAFETY: the lock is held and the roots are valid.
    let copier = unsafe { trace(m, Some(range)) };
    let heap = &mut m.state().heap;
    heap.pool = copier.pool;
    heap.chunks.extend(copier.new_chunks);
    heap.major_ptr = copier.ptr;
    heap.major_limit = copier.limit;
    heap.remembered.clear();
    for v in std::mem::take(&mut heap.young_customs) {
        // SAFETY: young custom blocks are still readable in the nursery.
        let h = unsafe { v.header() };
        if h.color() == COLOR_FORWARDED {
            heap.customs.push(h.forward_target());
        } else {
            // SAFETY: the block is dead and finalised once.
            unsafe { finalize(v) };
        }
    }
    heap.recount();
    heap.stats.minor_collections += 1;
    // SAFETY: the lock is held; the nursery is empty again.
    unsafe {
        (*regs()).alloc_ptr = nursery;
        (*regs()).alloc_limit = nursery.add(NURSERY_WORDS);
    }
}

/// A major collection (the nursery must be empty): copies the live small blocks into fresh
/// chunks, frees dead large blocks, finalises dead custom blocks.
fn major(m: &mut Mutator) {
    // SAFETY: the lock is held and the roots are valid.
    let copier = unsafe { trace(m, None) };
    let heap = &mut m.state().heap;
    heap.pool = copier.pool;
    // SAFETY: reachable blocks were all copied or marked; everything else is garbage.
    unsafe {
        sweep_customs(heap);
        sweep_large(heap);
    }
    let from = std::mem::replace(&mut heap.chunks, copier.new_chunks);
    heap.pool.extend(from);
    heap.major_ptr = copier.ptr;
    heap.major_limit = copier.limit;
    heap.after_major();
}

/// Finalises the custom blocks that were not copied and follows the others.
unsafe fn sweep_customs(heap: &mut Heap) {
    heap.customs.retain_mut(|v| {
        let h = v.header();
        if h.color() == COLOR_FORWARDED {
            *v = h.forward_target();
            true
        } else {
            finalize(*v);
            false
        }
    });
}

/// Frees the large blocks left unmarked and clears the marks of the others.
unsafe fn sweep_large(heap: &mut Heap) {
    for b in std::mem::take(&mut heap.large) {
        let mark = LargeBlock::mark(b.value());
        if *mark != 0 {
            *mark = 0;
            heap.large.push(b);
        } else {
            heap.release_large(b);
        }
    }
}

/// Where blocks are copied to, and the large blocks still to scan.
struct Copier {
    pool: Vec<*mut u64>,
    /// In a minor collection, the nursery's address range: only blocks in it move.
    young: Option<(usize, usize)>,
    /// Chunks taken during this collection.
    new_chunks: Vec<*mut u64>,
    /// Start of each run of copied blocks to scan.
    segments: Vec<*mut u64>,
    /// End of each run but the last (whose end is `ptr`).
    fills: Vec<*mut u64>,
    ptr: *mut u64,
    limit: *mut u64,
    grey: Vec<Value>,
}

impl Copier {
    /// A copier that fills `ptr..limit` first (when not null), then new chunks.
    fn new(
        pool: Vec<*mut u64>,
        young: Option<(usize, usize)>,
        ptr: *mut u64,
        limit: *mut u64,
    ) -> Copier {
        Copier {
            pool,
            young,
            new_chunks: Vec::new(),
            segments: if ptr.is_null() { Vec::new() } else { vec![ptr] },
            fills: Vec::new(),
            ptr,
            limit,
            grey: Vec::new(),
        }
    }

    /// Room for `words` words in the destination.
    unsafe fn bump(&mut self, words: usize) -> *mut u64 {
        if words > CHUNK_WORDS {
            // Only an inlined allocation that broke the size rule can get here.
            eprintln!("anerisc runtime: a block of {words} words was allocated in the nursery");
            std::process::abort();
        }
        if self.ptr.is_null() || (self.limit as usize - self.ptr as usize) / 8 < words {
            let Some(chunk) = Heap::fresh_chunk(&mut self.pool) else {
                // The collection cannot be finished or undone: nothing sensible is left.
                eprintln!("anerisc runtime: out of memory during garbage collection");
                std::process::abort();
            };
            if !self.ptr.is_null() {
                self.fills.push(self.ptr);
            }
            self.new_chunks.push(chunk);
            self.segments.push(chunk);
            self.ptr = chunk;
            self.limit = chunk.add(CHUNK_WORDS);
        }
        let p = self.ptr;
        self.ptr = p.add(words);
        p
    }

    /// The new location of `v` (copying it, or marking it when it is large).
    #[inline]
    unsafe fn evacuate(&mut self, v: Value) -> Value {
        if !v.is_block() {
            return v;
        }
        if let Some((start, end)) = self.young {
            let p = v.ptr() as usize;
            if p <= start || p > end {
                return v;
            }
        }
        let h = v.header();
        match h.color() {
            COLOR_SMALL => {
                let words = h.size() as usize + 1;
                let dst = self.bump(words);
                copy_words(v.ptr().sub(1), dst, words);
                let new = Value(dst.add(1) as u64);
                v.set_header(Header::forwarded(new));
                new
            }
            COLOR_FORWARDED => h.forward_target(),
            COLOR_LARGE => {
                let mark = LargeBlock::mark(v);
                if *mark == 0 {
                    *mark = 1;
                    self.grey.push(v);
                }
                v
            }
            _ => v,
        }
    }

    /// Evacuates the values held in the fields of `v`.
    unsafe fn scan_block(&mut self, v: Value) {
        let h = v.header();
        let tag = h.tag();
        if tag >= NO_SCAN_TAG {
            return;
        }
        let first = usize::from(tag == CLOSURE_TAG);
        for i in first..h.size() as usize {
            let f = v.field(i);
            if f.is_block() {
                v.set_field(i, self.evacuate(f));
            }
        }
    }

    /// Scans the copied blocks and the marked large blocks until nothing new is reached.
    unsafe fn scan_all(&mut self) {
        let mut idx = 0;
        let mut offset = 0;
        loop {
            if idx < self.segments.len() {
                let start = self.segments[idx];
                let end = if idx + 1 == self.segments.len() {
                    self.ptr
                } else {
                    self.fills[idx]
                };
                let p = start.add(offset);
                if p < end {
                    let size = Header(*p).size() as usize;
                    self.scan_block(Value(p.add(1) as u64));
                    offset += size + 1;
                    continue;
                }
                if idx + 1 < self.segments.len() {
                    idx += 1;
                    offset = 0;
                    continue;
                }
            }
            match self.grey.pop() {
                Some(v) => self.scan_block(v),
                None => break,
            }
        }
    }
}

/// Copies `words` words: fixed-size copies for the small blocks most programs are made of
/// (a call to `memcpy` costs more than the copy itself), `memcpy` for the others.
///
/// # Safety
/// Both ranges are valid for `words` words and do not overlap.
#[inline]
unsafe fn copy_words(src: *const u64, dst: *mut u64, words: usize) {
    unsafe fn fixed<const N: usize>(src: *const u64, dst: *mut u64) {
        ptr::write(dst as *mut [u64; N], ptr::read(src as *const [u64; N]));
    }
    match words {
        1 => fixed::<1>(src, dst),
        2 => fixed::<2>(src, dst),
        3 => fixed::<3>(src, dst),
        4 => fixed::<4>(src, dst),
        5 => fixed::<5>(src, dst),
        6 => fixed::<6>(src, dst),
        _ => ptr::copy_nonoverlapping(src, dst, words),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alloc::alloc;
    use crate::custom::{alloc_custom, custom_get};
    use crate::roots::with_frame;
    use crate::sched::attach;
    use crate::strings::{string_bytes, string_from_bytes};
    use crate::value::{COLOR_STATIC, NIL, UNIT};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[test]
    fn collection_moves_blocks_and_keeps_sharing_and_cycles() {
        attach(|m| {
            with_frame(m, [UNIT, UNIT], |m, s| {
                // A shared cell referenced twice, and a ref cell pointing to itself.
                let shared = alloc(m, 0, 1).unwrap();
                unsafe { shared.set_field(0, Value::of_int(42)) };
                s.set(0, shared);
                let pair = alloc(m, 3, 2).unwrap();
                unsafe {
                    pair.set_field(0, s.get(0));
                    pair.set_field(1, s.get(0));
                }
                s.set(0, pair);
                let cyc = alloc(m, 0, 1).unwrap();
                unsafe { cyc.set_field(0, cyc) };
                s.set(1, cyc);
                let (old_pair, old_cyc) = (s.get(0), s.get(1));
                collect(m);
                let (pair, cyc) = (s.get(0), s.get(1));
                assert_ne!(pair, old_pair, "small blocks move");
                assert_ne!(cyc, old_cyc);
                unsafe {
                    assert_eq!(pair.header().tag(), 3);
                    assert_eq!(pair.field(0), pair.field(1), "sharing preserved");
                    assert_eq!(pair.field(0).field(0).to_int(), 42);
                    assert_eq!(cyc.field(0), cyc, "cycle preserved");
                }
            })
        })
        .unwrap();
    }

    #[test]
    fn write_barrier_keeps_young_blocks_reachable_from_old_ones() {
        attach(|m| {
            with_frame(m, [UNIT], |m, s| {
                s.set(0, alloc(m, 0, 1).unwrap());
                evacuate_nursery(m);
                assert!(!m.state().heap.is_young(s.get(0)), "promoted");
                let young = string_from_bytes(m, b"young").unwrap();
                unsafe { modify(m, s.get(0), 0, young) };
                evacuate_nursery(m);
                let kept = unsafe { s.get(0).field(0) };
                assert!(!m.state().heap.is_young(kept));
                assert_eq!(string_bytes(m, kept).unwrap(), b"young");
            })
        })
        .unwrap();
    }

    #[test]
    fn large_blocks_stay_in_place_and_keep_their_fields_current() {
        attach(|m| {
            with_frame(m, [UNIT], |m, s| {
                let big = alloc(m, 0, 20_000).unwrap();
                s.set(0, big);
                let text = string_from_bytes(m, b"inside a large block").unwrap();
                unsafe { modify(m, s.get(0), 19_999, text) };
                collect(m);
                collect(m);
                assert_eq!(s.get(0), big, "large blocks never move");
                let text = unsafe { s.get(0).field(19_999) };
                assert_eq!(string_bytes(m, text).unwrap(), b"inside a large block");
                assert_eq!(unsafe { s.get(0).header().color() }, COLOR_LARGE);
            })
        })
        .unwrap();
    }

    #[test]
    fn dead_blocks_are_reclaimed() {
        attach(|m| {
            collect(m);
            let before = m.state().heap.large.len();
            alloc(m, 0, 50_000).unwrap();
            assert_eq!(m.state().heap.large.len(), before + 1);
            collect(m);
            assert_eq!(
                m.state().heap.large.len(),
                before,
                "unreachable large block freed"
            );
        })
        .unwrap();
    }

    #[test]
    fn reused_large_mappings_start_clean() {
        attach(|m| {
            let len = 300_000;
            let s = crate::strings::alloc_string(m, len).unwrap();
            crate::strings::string_bytes_mut(m, s).unwrap().fill(0xff);
            collect(m);
            let again = crate::strings::alloc_string(m, len).unwrap();
            assert!(string_bytes(m, again).unwrap().iter().all(|&b| b == 0));
            let words = 1 + len.div_ceil(8);
            collect(m);
            let block = alloc(m, 0, words).unwrap();
            assert!((0..words).all(|i| unsafe { block.field(i) } == UNIT));
        })
        .unwrap();
    }

    #[test]
    fn dead_custom_blocks_drop_their_resource() {
        struct Counted(Arc<AtomicUsize>);
        impl Drop for Counted {
            fn drop(&mut self) {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }
        let drops = Arc::new(AtomicUsize::new(0));
        attach(|m| {
            with_frame(m, [UNIT], |m, s| {
                let kept = alloc_custom(m, Arc::new(Counted(drops.clone()))).unwrap();
                s.set(0, kept);
                alloc_custom(m, Arc::new(Counted(drops.clone()))).unwrap();
                collect(m);
                assert_eq!(
                    drops.load(Ordering::SeqCst),
                    1,
                    "only the dead one is dropped"
                );
                assert!(custom_get::<Counted>(m, s.get(0)).is_some());
                assert!(custom_get::<String>(m, s.get(0)).is_none(), "wrong type");
                s.set(0, UNIT);
                collect(m);
                assert_eq!(drops.load(Ordering::SeqCst), 2);
            })
        })
        .unwrap();
    }

    #[test]
    fn static_blocks_and_global_roots() {
        // A static string block "ok" (colour 3) outside the heap, referenced from the heap.
        static mut STATIC: [u64; 3] = [0, 2, 0];
        static mut GLOBAL: Value = UNIT;
        attach(|m| unsafe {
            let st = std::ptr::addr_of_mut!(STATIC) as *mut u64;
            *st = Header::new(crate::value::STRING_TAG, 2, COLOR_STATIC).0;
            *(st.add(2) as *mut [u8; 2]) = *b"ok";
            let sv = Value(st.add(1) as u64);
            let g = std::ptr::addr_of_mut!(GLOBAL);
            m.state().globals.register(g);
            m.state().globals.register(g);
            let cell = alloc(m, 0, 2).unwrap();
            cell.set_field(0, sv);
            cell.set_field(1, NIL);
            *g = cell;
            collect(m);
            assert_ne!(*g, cell, "the global root was updated");
            assert_eq!((*g).field(0), sv, "static blocks never move");
            assert_eq!(string_bytes(m, (*g).field(0)).unwrap(), b"ok");
            assert_eq!(sv.header().color(), COLOR_STATIC);
        })
        .unwrap();
    }
}
