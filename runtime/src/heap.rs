//! The heap's memory: 1 MiB chunks for small blocks (bump-allocated, copied by the
//! collector), one mapping per large block (never moved), and the accounting that decides
//! when to collect.

use std::ptr;

use crate::value::Value;

/// Words in one small-block chunk (1 MiB).
pub(crate) const CHUNK_WORDS: usize = 1 << 17;
/// Bytes in one small-block chunk.
pub(crate) const CHUNK_BYTES: usize = CHUNK_WORDS * 8;
/// Blocks of more words than this (header included) live in the large-object space.
pub(crate) const LARGE_WORDS: usize = CHUNK_WORDS / 8;
/// The heap never triggers a collection below this many bytes in use.
pub(crate) const MIN_HEAP_BYTES: usize = 8 << 20;

/// A block in the large-object space. Its mapping holds a mark word, the header, then the
/// fields; the value points at the fields.
pub(crate) struct LargeBlock {
    pub(crate) base: *mut u64,
    pub(crate) words: usize,
}

impl LargeBlock {
    /// The block's value.
    pub(crate) fn value(&self) -> Value {
        // SAFETY: the mapping is at least mark word + header long.
        Value(unsafe { self.base.add(2) } as u64)
    }

    /// The mark word the collector sets when it reaches the block.
    pub(crate) fn mark(v: Value) -> *mut u64 {
        v.ptr().wrapping_sub(2)
    }
}

/// Counters describing the collector's work so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GcStats {
    /// Collections run.
    pub collections: u64,
    /// Words allocated in total (headers included).
    pub allocated_words: u64,
    /// Bytes of chunks and large blocks in use right after the last collection.
    pub live_bytes: usize,
    /// Bytes of chunks and large blocks in use now.
    pub heap_bytes: usize,
}

/// All heap memory and its accounting; reached through the runtime lock only.
pub(crate) struct Heap {
    /// Chunks holding small blocks; the last one is the current allocation chunk.
    pub(crate) chunks: Vec<*mut u64>,
    /// Free chunks kept for reuse.
    pub(crate) pool: Vec<*mut u64>,
    /// The large-object space.
    pub(crate) large: Vec<LargeBlock>,
    /// Custom blocks to finalise when they die.
    pub(crate) customs: Vec<Value>,
    /// Bytes of chunks and large blocks in use.
    pub(crate) used_bytes: usize,
    /// Collect before `used_bytes` would pass this.
    pub(crate) threshold: usize,
    /// Counters.
    pub(crate) stats: GcStats,
}

impl Heap {
    /// An empty heap.
    pub(crate) const fn new() -> Heap {
        Heap {
            chunks: Vec::new(),
            pool: Vec::new(),
            large: Vec::new(),
            customs: Vec::new(),
            used_bytes: 0,
            threshold: MIN_HEAP_BYTES,
            stats: GcStats {
                collections: 0,
                allocated_words: 0,
                live_bytes: 0,
                heap_bytes: 0,
            },
        }
    }

    /// Whether growing the heap by `bytes` should wait for a collection.
    pub(crate) fn over_budget(&self, bytes: usize) -> bool {
        self.used_bytes + bytes > self.threshold
    }

    /// A free chunk from the pool or a new mapping (`None` when memory is exhausted).
    pub(crate) fn fresh_chunk(pool: &mut Vec<*mut u64>) -> Option<*mut u64> {
        pool.pop().or_else(|| map_words(CHUNK_WORDS))
    }

    /// Sets the next collection point from the bytes in use after a collection and returns
    /// the pool's unneeded chunks to the system.
    pub(crate) fn after_collection(&mut self) {
        self.threshold = MIN_HEAP_BYTES.max(2 * self.used_bytes);
        let keep = (self.threshold - self.used_bytes) / CHUNK_BYTES;
        while self.pool.len() > keep {
            if let Some(c) = self.pool.pop() {
                unmap_words(c, CHUNK_WORDS);
            }
        }
        self.stats.collections += 1;
        self.stats.live_bytes = self.used_bytes;
        self.stats.heap_bytes = self.used_bytes;
    }
}

/// A zero-filled private mapping of `words` words (`None` when it fails).
pub(crate) fn map_words(words: usize) -> Option<*mut u64> {
    let bytes = words.checked_mul(8)?;
    // SAFETY: an anonymous private mapping; the result is checked.
    let p = unsafe {
        libc::mmap(
            ptr::null_mut(),
            bytes,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    (p != libc::MAP_FAILED).then_some(p as *mut u64)
}

/// Returns a mapping made by [`map_words`] to the system.
pub(crate) fn unmap_words(p: *mut u64, words: usize) {
    // SAFETY: `p` and `words` describe a mapping from `map_words` that nothing uses any more.
    unsafe {
        libc::munmap(p as *mut libc::c_void, words * 8);
    }
}
