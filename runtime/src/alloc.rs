//! Allocation: a bump pointer in the nursery (the same fast path compiled code may inline
//! through `anerisc_regs`), a minor collection when it is full, and the large-object space
//! for big blocks.

use crate::error::{RtError, RtResult};
use crate::gc::{collect, minor};
use crate::heap::{map_words, LargeBlock, LARGE_WORDS, NURSERY_WORDS};
use crate::roots::regs;
use crate::sched::{yield_now, Mutator};
use crate::value::{Header, Value, COLOR_LARGE, COLOR_SMALL, MAX_WOSIZE, NO_SCAN_TAG, UNIT};

/// Allocates a block of `size` fields with `tag`. Fields of scanned blocks start as `()`,
/// raw fields as 0. May collect: values not held in a root are invalid afterwards.
#[inline]
pub fn alloc(m: &mut Mutator, tag: u8, size: usize) -> RtResult<Value> {
    let v = alloc_uninit(m, tag, size)?;
    // SAFETY: `v` was just allocated with `size` fields.
    unsafe {
        if tag < NO_SCAN_TAG {
            for i in 0..size {
                v.set_field(i, UNIT);
            }
        } else {
            std::ptr::write_bytes(v.ptr(), 0, size);
        }
    }
    Ok(v)
}

/// Allocates a block whose fields hold garbage: the caller fills every field before anything
/// else can allocate (raw fields included: they may hold old data). The nursery's bump is
/// inlined into the callers; everything else is [`alloc_slow`].
#[inline]
pub(crate) fn alloc_uninit(m: &mut Mutator, tag: u8, size: usize) -> RtResult<Value> {
    if size < LARGE_WORDS {
        if let Some(v) = bump(tag, size) {
            m.state().heap.stats.allocated_words += size as u64 + 1;
            return Ok(v);
        }
    }
    alloc_slow(m, tag, size)
}

/// Allocation when the bump fails or the block is large: maps the nursery on first use,
/// lets another thread run, collects.
#[inline(never)]
fn alloc_slow(m: &mut Mutator, tag: u8, size: usize) -> RtResult<Value> {
    if size as u64 > MAX_WOSIZE {
        return Err(RtError::invalid_argument("block too large"));
    }
    let words = size + 1;
    m.state().heap.stats.allocated_words += words as u64;
    if words > LARGE_WORDS {
        return alloc_large(m, tag, size);
    }
    if m.state().heap.nursery.is_null() {
        create_nursery(m)?;
    } else {
        yield_now(m);
        if let Some(v) = bump(tag, size) {
            return Ok(v);
        }
        minor(m);
    }
    // The nursery is empty now and much larger than a small block.
    bump(tag, size).ok_or_else(out_of_memory)
}

/// Maps the nursery and points the allocation registers at it.
fn create_nursery(m: &mut Mutator) -> RtResult<()> {
    let nursery = map_words(NURSERY_WORDS).ok_or_else(out_of_memory)?;
    m.state().heap.nursery = nursery;
    // SAFETY: the lock is held; the nursery is NURSERY_WORDS long.
    unsafe {
        (*regs()).alloc_ptr = nursery;
        (*regs()).alloc_limit = nursery.add(NURSERY_WORDS);
    }
    Ok(())
}

/// The fast path: `size + 1` words from the nursery, if they fit.
#[inline]
fn bump(tag: u8, size: usize) -> Option<Value> {
    let words = size + 1;
    // SAFETY: the caller holds the runtime lock; the pointers delimit the nursery.
    unsafe {
        let r = regs();
        let p = (*r).alloc_ptr;
        // A null nursery has a null limit too: nothing fits.
        if ((*r).alloc_limit as usize).wrapping_sub(p as usize) / 8 < words {
            return None;
        }
        (*r).alloc_ptr = p.add(words);
        *p = Header::new(tag, size as u64, COLOR_SMALL).0;
        Some(Value(p.add(1) as u64))
    }
}

/// A block in its own mapping (mark word, header, fields).
fn alloc_large(m: &mut Mutator, tag: u8, size: usize) -> RtResult<Value> {
    let words = size + 2;
    let bytes = words * 8;
    if m.state().heap.over_budget(bytes) {
        collect(m);
    }
    let base = m
        .state()
        .heap
        .large_mapping(words)
        .ok_or_else(out_of_memory)?;
    // SAFETY: the mapping is `words` long with its mark word 0.
    unsafe { *base.add(1) = Header::new(tag, size as u64, COLOR_LARGE).0 };
    let heap = &mut m.state().heap;
    let block = LargeBlock { base, words };
    let v = block.value();
    heap.large.push(block);
    heap.used_bytes += bytes;
    heap.stats.heap_bytes = heap.used_bytes;
    Ok(v)
}

fn out_of_memory() -> RtError {
    RtError::failure("out of memory")
}
