//! The runtime's value layout as the generated code sees it (the source of truth is
//! `runtime/src/value.rs` and `runtime/README.md`).

/// `()`, `false`, `[]`, `None`: the int 0.
pub const UNIT: i64 = 1;
/// `true`: the int 1.
pub const TRUE: i64 = 3;
/// Tag of closures: field 0 is the code pointer, field 1 the arity, then the environment.
pub const CLOSURE_TAG: u8 = 247;
/// Tag of exception values: field 0 is the exception's number, then its arguments.
pub const EXN_TAG: u8 = 248;
/// Tag of strings.
pub const STRING_TAG: u8 = 252;
/// Tag of boxed floats.
pub const DOUBLE_TAG: u8 = 253;
/// Colour of static blocks (outside the heap, never moved or scanned).
pub const COLOR_STATIC: u64 = 3;
/// Blocks with more fields than this are allocated old and need the write barrier.
pub const MAX_YOUNG_FIELDS: u64 = 16_383;
/// Index of a closure's first environment field.
pub const CLOSURE_ENV: i32 = 2;

/// The `len` of a shadow-stack frame holding a record of compiled frames (the runtime's
/// `roots::COMPILED_STRETCH`).
pub const COMPILED_STRETCH: u64 = u64::MAX;

/// Offsets of the words of `anerisc_regs`.
pub mod regs {
    /// Innermost shadow-stack frame.
    pub const SHADOW_TOP: i32 = 0;
    /// Next free byte of the nursery.
    pub const ALLOC_PTR: i32 = 8;
    /// End of the nursery.
    pub const ALLOC_LIMIT: i32 = 16;
    /// Pending runtime exception kind (0 none, 1 Failure, 2 Invalid_argument, 3 Sys_error).
    pub const EXN_KIND: i32 = 24;
    /// Its string argument.
    pub const EXN_ARG: i32 = 32;
    /// Non-zero when compiled code should call `anerisc_yield`.
    pub const YIELD_REQUESTED: i32 = 40;
    /// Stack pointer of the compiled frame that called the runtime last.
    pub const COMPILED_SP: i32 = 48;
    /// That frame's frame pointer.
    pub const COMPILED_FP: i32 = 56;
    /// The values a yield trampoline kept for its caller (two words).
    pub const KEPT: i32 = 64;
}

/// A block header word.
pub fn header(size: u64, color: u64, tag: u8) -> u64 {
    size << 10 | color << 8 | tag as u64
}

/// The word of the int `n`.
pub fn tagged(n: i64) -> i64 {
    n.wrapping_mul(2).wrapping_add(1)
}

/// A static string block: header, length, bytes padded to a whole word.
pub fn static_string(bytes: &[u8]) -> Vec<u8> {
    let words = 1 + bytes.len().div_ceil(8);
    let mut out = Vec::with_capacity(8 * (words + 1));
    out.extend_from_slice(&header(words as u64, COLOR_STATIC, STRING_TAG).to_le_bytes());
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(bytes);
    out.resize(8 * (words + 1), 0);
    out
}

/// A static boxed float.
pub fn static_float(x: f64) -> Vec<u8> {
    let mut out = header(1, COLOR_STATIC, DOUBLE_TAG).to_le_bytes().to_vec();
    out.extend_from_slice(&x.to_bits().to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_strings_are_padded_blocks() {
        let b = static_string(b"hello, world");
        assert_eq!(b.len(), 8 * 4);
        assert_eq!(u64::from_le_bytes(b[0..8].try_into().unwrap()), 3 << 10 | 3 << 8 | 252);
        assert_eq!(u64::from_le_bytes(b[8..16].try_into().unwrap()), 12);
        assert_eq!(&b[16..28], b"hello, world");
        assert_eq!(static_string(b"").len(), 16);
    }

    #[test]
    fn ints_are_tagged_and_wrap() {
        assert_eq!(tagged(0), UNIT);
        assert_eq!(tagged(1), TRUE);
        assert_eq!(tagged(-1), -1);
        assert_eq!(tagged(1 << 62), i64::MIN + 1);
    }
}
