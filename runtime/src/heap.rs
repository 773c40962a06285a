//! The heap's memory: a 2 MiB nursery where small blocks are born (bump-allocated), the
//! major heap of 1 MiB chunks that survivors are copied into, one mapping per large block
//! (never moved), and the accounting that decides when to collect.

use std::ptr;

use crate::value::Value;

/// Words in the nursery (8 MiB).
pub(crate) const NURSERY_WORDS: usize = 1 << 20;
/// Words in one major-heap chunk (1 MiB).
pub(crate) const CHUNK_WORDS: usize = 1 << 17;
/// Bytes in one major-heap chunk.
pub(crate) const CHUNK_BYTES: usize = CHUNK_WORDS * 8;
/// Blocks of more words than this (header included) live in the large-object space.
pub(crate) const LARGE_WORDS: usize = CHUNK_WORDS / 8;
/// Bytes of freed large-block mappings kept for reuse by blocks of the same size.
const LARGE_CACHE_BYTES: usize = 8 << 20;
/// The major heap never triggers a major collection below this many bytes in use.
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
    /// Major (full) collections run.
    pub collections: u64,
    /// Minor collections (nursery evacuations) run.
    pub minor_collections: u64,
    /// Words allocated through the runtime (headers included; inlined allocations in
    /// compiled code are not counted).
    pub allocated_words: u64,
    /// Bytes of major chunks and large blocks in use right after the last major collection.
    pub live_bytes: usize,
    /// Bytes of major chunks and large blocks in use now.
    pub heap_bytes: usize,
}

/// All heap memory and its accounting; reached through the runtime lock only.
pub(crate) struct Heap {
    /// The nursery (null until the first allocation).
    pub(crate) nursery: *mut u64,
    /// Major-heap chunks holding small blocks.
    pub(crate) chunks: Vec<*mut u64>,
    /// Where the next promoted block goes in the current major chunk, and its end.
    pub(crate) major_ptr: *mut u64,
    pub(crate) major_limit: *mut u64,
    /// Free chunks kept for reuse.
    pub(crate) pool: Vec<*mut u64>,
    /// The large-object space.
    pub(crate) large: Vec<LargeBlock>,
    /// Mappings of dead large blocks kept for reuse (at most `LARGE_CACHE_BYTES`).
    large_cache: Vec<LargeBlock>,
    /// Fields of old blocks that may point into the nursery (the write barrier's record).
    pub(crate) remembered: Vec<*mut Value>,
    /// Custom blocks born since the last minor collection, to finalise when they die.
    pub(crate) young_customs: Vec<Value>,
    /// Custom blocks in the major heap, to finalise when they die.
    pub(crate) customs: Vec<Value>,
    /// Bytes of major chunks and large blocks in use.
    pub(crate) used_bytes: usize,
    /// Run a major collection once `used_bytes` passes this.
    pub(crate) threshold: usize,
    /// Counters.
    pub(crate) stats: GcStats,
}

impl Heap {
    /// An empty heap.
    pub(crate) const fn new() -> Heap {
        Heap {
            nursery: ptr::null_mut(),
            chunks: Vec::new(),
            major_ptr: ptr::null_mut(),
            major_limit: ptr::null_mut(),
            pool: Vec::new(),
            large: Vec::new(),
            large_cache: Vec::new(),
            remembered: Vec::new(),
            young_customs: Vec::new(),
            customs: Vec::new(),
            used_bytes: 0,
            threshold: MIN_HEAP_BYTES,
            stats: GcStats {
                collections: 0,
                minor_collections: 0,
                allocated_words: 0,
                live_bytes: 0,
                heap_bytes: 0,
            },
        }
    }

    /// Whether `v` is a block in the nursery.
    #[inline]
    pub(crate) fn is_young(&self, v: Value) -> bool {
        let p = v.ptr() as usize;
        let start = self.nursery as usize;
        start != 0 && v.is_block() && p > start && p <= start + NURSERY_WORDS * 8
    }

    /// Whether growing the major heap by `bytes` should wait for a major collection.
    pub(crate) fn over_budget(&self, bytes: usize) -> bool {
        self.used_bytes + bytes > self.threshold
    }

    /// A free chunk from the pool or a new mapping (`None` when memory is exhausted).
    pub(crate) fn fresh_chunk(pool: &mut Vec<*mut u64>) -> Option<*mut u64> {
        pool.pop().or_else(|| map_words(CHUNK_WORDS))
    }

    /// A mapping of `words` words for a large block: a cached one of that size (mark word
    /// cleared, the rest holding old data) or a fresh one.
    pub(crate) fn large_mapping(&mut self, words: usize) -> Option<*mut u64> {
        match self.large_cache.iter().position(|b| b.words == words) {
            Some(i) => {
                let base = self.large_cache.swap_remove(i).base;
                // SAFETY: the mapping is `words` >= 2 words long and unused.
                unsafe { *base = 0 };
                Some(base)
            }
            None => map_words(words),
        }
    }

    /// Keeps the mapping of a dead large block for reuse, or unmaps it when the cache is full.
    pub(crate) fn release_large(&mut self, block: LargeBlock) {
        let cached: usize = self.large_cache.iter().map(|b| b.words * 8).sum();
        if cached + block.words * 8 <= LARGE_CACHE_BYTES {
            self.large_cache.push(block);
        } else {
            unmap_words(block.base, block.words);
        }
    }

    /// Recomputes `used_bytes` from the chunks and large blocks held.
    pub(crate) fn recount(&mut self) {
        self.used_bytes =
            self.chunks.len() * CHUNK_BYTES + self.large.iter().map(|b| b.words * 8).sum::<usize>();
        self.stats.heap_bytes = self.used_bytes;
    }

    /// Sets the next major collection point from the bytes in use after one and returns the
    /// pool's unneeded chunks to the system.
    pub(crate) fn after_major(&mut self) {
        self.recount();
        self.threshold = MIN_HEAP_BYTES.max(2 * self.used_bytes);
        let keep = (self.threshold - self.used_bytes) / CHUNK_BYTES;
        while self.pool.len() > keep {
            if let Some(c) = self.pool.pop() {
                unmap_words(c, CHUNK_WORDS);
            }
        }
        self.stats.collections += 1;
        self.stats.live_bytes = self.used_bytes;
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
