//! Allocation: a bump pointer in the current chunk (the same fast path compiled code may
//! inline through `anerisc_regs`), a new chunk or a collection when it runs out, and the
//! large-object space for big blocks.

use crate::error::{RtError, RtResult};
use crate::gc::collect;
use crate::heap::{map_words, Heap, LargeBlock, CHUNK_BYTES, CHUNK_WORDS, LARGE_WORDS};
use crate::roots::regs;
use crate::sched::{yield_now, Mutator};
use crate::value::{Header, Value, COLOR_LARGE, COLOR_SMALL, MAX_WOSIZE, NO_SCAN_TAG, UNIT};

/// Allocates a block of `size` fields with `tag`. Fields of scanned blocks start as `()`,
/// raw fields as 0. May collect: values not held in a root are invalid afterwards.
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

/// Allocates a block whose fields hold garbage: the caller fills every field of a scanned
/// block before anything else can allocate.
pub(crate) fn alloc_uninit(m: &mut Mutator, tag: u8, size: usize) -> RtResult<Value> {
    if size as u64 > MAX_WOSIZE {
        return Err(RtError::invalid_argument("block too large"));
    }
    let words = size + 1;
    m.state().heap.stats.allocated_words += words as u64;
    if words > LARGE_WORDS {
        return alloc_large(m, tag, size);
    }
    if let Some(v) = bump(tag, size) {
        return Ok(v);
    }
    yield_now(m);
    let mut collected = false;
    loop {
        if let Some(v) = bump(tag, size) {
            return Ok(v);
        }
        if !collected && m.state().heap.over_budget(CHUNK_BYTES) {
            collect(m);
            collected = true;
            continue;
        }
        let heap = &mut m.state().heap;
        let chunk = Heap::fresh_chunk(&mut heap.pool).ok_or_else(out_of_memory)?;
        heap.chunks.push(chunk);
        heap.used_bytes += CHUNK_BYTES;
        heap.stats.heap_bytes = heap.used_bytes;
        // SAFETY: the lock is held; the chunk is CHUNK_WORDS long.
        unsafe {
            (*regs()).alloc_ptr = chunk;
            (*regs()).alloc_limit = chunk.add(CHUNK_WORDS);
        }
    }
}

/// The fast path: `size + 1` words from the current chunk, if they fit.
#[inline]
fn bump(tag: u8, size: usize) -> Option<Value> {
    let words = size + 1;
    // SAFETY: the caller holds the runtime lock; the pointers delimit the current chunk.
    unsafe {
        let r = regs();
        let p = (*r).alloc_ptr;
        if p.is_null() || ((*r).alloc_limit as usize - p as usize) / 8 < words {
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
    let base = map_words(words).ok_or_else(out_of_memory)?;
    // SAFETY: the mapping is `words` long and zero-filled (mark word 0).
    unsafe { *base.add(1) = Header::new(tag, size as u64, COLOR_LARGE).0 };
    let heap = &mut m.state().heap;
    heap.used_bytes += bytes;
    heap.stats.heap_bytes = heap.used_bytes;
    let block = LargeBlock { base, words };
    let v = block.value();
    heap.large.push(block);
    Ok(v)
}

fn out_of_memory() -> RtError {
    RtError::failure("out of memory")
}
