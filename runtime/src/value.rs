//! The value layout shared by the runtime and compiled code (see `runtime/README.md`).
//!
//! A value is one 64-bit word. An odd word is an integer `n` stored as `2n + 1`; an even,
//! non-zero word is the address of the first field of a heap block, whose header is the word
//! just before it. Word 0 is never a value: C ABI functions return it to say "an exception is
//! pending" (see [`crate::error`]).

/// One OCaml value: a tagged 63-bit integer or a pointer to the first field of a block.
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct Value(pub u64);

/// `()`, `false`, `[]` and `None`: the constant constructor number 0.
pub const UNIT: Value = Value(1);
/// `false` (constant constructor 0).
pub const FALSE: Value = Value(1);
/// `true` (constant constructor 1).
pub const TRUE: Value = Value(3);
/// The empty list `[]` (constant constructor 0).
pub const NIL: Value = Value(1);
/// `None` (constant constructor 0).
pub const NONE: Value = Value(1);

/// Largest tag whose blocks hold only values (all fields are scanned by the collector).
pub const MAX_STRUCTURED_TAG: u8 = 245;
/// Closures: field 0 is a raw code pointer, fields 1.. are values (the environment).
pub const CLOSURE_TAG: u8 = 247;
/// Blocks with a tag at or above this one hold raw data and are not scanned.
pub const NO_SCAN_TAG: u8 = 251;
/// Strings: field 0 is the byte length (raw), the bytes follow, zero-padded to a word.
pub const STRING_TAG: u8 = 252;
/// Boxed floats: field 0 holds the IEEE-754 bits.
pub const DOUBLE_TAG: u8 = 253;
/// Runtime resources (locks, monitors, ...): field 0 is a raw pointer owned by the runtime.
pub const CUSTOM_TAG: u8 = 255;

/// Header colour of a small block (in the nursery or a major-heap chunk).
pub const COLOR_SMALL: u64 = 0;
/// Header colour of a block that lives in its own mapping (the large-object space).
pub const COLOR_LARGE: u64 = 1;
/// Header colour of a block that the collector has copied; the header holds the new address.
pub const COLOR_FORWARDED: u64 = 2;
/// Header colour of a block outside the heap (static data): never moved nor freed.
pub const COLOR_STATIC: u64 = 3;

/// Largest size (in words) a header can describe.
pub const MAX_WOSIZE: u64 = (1 << 54) - 1;

impl Value {
    /// The tagged representation of `n` (its top bit is lost, as in OCaml).
    #[inline]
    pub fn of_int(n: i64) -> Value {
        Value(((n as u64) << 1) | 1)
    }

    /// The integer held by an integer value.
    #[inline]
    pub fn to_int(self) -> i64 {
        (self.0 as i64) >> 1
    }

    /// Whether the value is a tagged integer (constant constructors included).
    #[inline]
    pub fn is_int(self) -> bool {
        self.0 & 1 == 1
    }

    /// Whether the value points to a block.
    #[inline]
    pub fn is_block(self) -> bool {
        self.0 & 1 == 0 && self.0 != 0
    }

    /// `true` and `false` as values.
    #[inline]
    pub fn of_bool(b: bool) -> Value {
        if b {
            TRUE
        } else {
            FALSE
        }
    }

    /// The address of the block's first field.
    #[inline]
    pub fn ptr(self) -> *mut u64 {
        self.0 as *mut u64
    }

    /// The block's header.
    ///
    /// # Safety
    /// `self` must point to a live block.
    #[inline]
    pub unsafe fn header(self) -> Header {
        Header(*self.ptr().sub(1))
    }

    /// Overwrites the block's header.
    ///
    /// # Safety
    /// `self` must point to a live block.
    #[inline]
    pub unsafe fn set_header(self, h: Header) {
        *self.ptr().sub(1) = h.0;
    }

    /// Field `i` of the block, as a value.
    ///
    /// # Safety
    /// `self` must point to a live block with more than `i` fields.
    #[inline]
    pub unsafe fn field(self, i: usize) -> Value {
        Value(*self.ptr().add(i))
    }

    /// Sets field `i` of the block, without the write barrier: only for initialising a
    /// small block just allocated (any other store goes through [`crate::gc::modify`]).
    ///
    /// # Safety
    /// `self` must point to a live block with more than `i` fields.
    #[inline]
    pub unsafe fn set_field(self, i: usize, v: Value) {
        *self.ptr().add(i) = v.0;
    }

    /// The raw word in field `i` of the block.
    ///
    /// # Safety
    /// `self` must point to a live block with more than `i` fields.
    #[inline]
    pub unsafe fn raw_field(self, i: usize) -> u64 {
        *self.ptr().add(i)
    }

    /// Sets the raw word in field `i` of the block.
    ///
    /// # Safety
    /// `self` must point to a live block with more than `i` fields.
    #[inline]
    pub unsafe fn set_raw_field(self, i: usize, w: u64) {
        *self.ptr().add(i) = w;
    }
}

/// A block header: `size << 10 | colour << 8 | tag`, with the size counted in words
/// (fields only, the header excluded).
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Header(pub u64);

impl Header {
    /// A header for a block of `size` fields with `tag` and colour `color`.
    #[inline]
    pub fn new(tag: u8, size: u64, color: u64) -> Header {
        Header((size << 10) | ((color & 3) << 8) | tag as u64)
    }

    /// The header of a copied block: it points to the copy.
    #[inline]
    pub fn forwarded(to: Value) -> Header {
        Header((to.0 << 10) | (COLOR_FORWARDED << 8))
    }

    /// The block's tag.
    #[inline]
    pub fn tag(self) -> u8 {
        (self.0 & 0xff) as u8
    }

    /// The number of fields.
    #[inline]
    pub fn size(self) -> u64 {
        self.0 >> 10
    }

    /// The colour bits (one of the `COLOR_*` constants).
    #[inline]
    pub fn color(self) -> u64 {
        (self.0 >> 8) & 3
    }

    /// Where a forwarded block was copied to.
    #[inline]
    pub fn forward_target(self) -> Value {
        Value(self.0 >> 10)
    }
}

/// OCaml's `+` on tagged integers (wrapping on 63 bits).
#[inline]
pub fn int_add(a: Value, b: Value) -> Value {
    Value(a.0.wrapping_add(b.0).wrapping_sub(1))
}

/// OCaml's `-` on tagged integers (wrapping on 63 bits).
#[inline]
pub fn int_sub(a: Value, b: Value) -> Value {
    Value(a.0.wrapping_sub(b.0).wrapping_add(1))
}

/// OCaml's `*` on tagged integers (wrapping on 63 bits).
#[inline]
pub fn int_mul(a: Value, b: Value) -> Value {
    Value::of_int(a.to_int().wrapping_mul(b.to_int()))
}

/// OCaml's `/` (truncating); `None` on division by zero.
#[inline]
pub fn int_div(a: Value, b: Value) -> Option<Value> {
    let d = b.to_int();
    (d != 0).then(|| Value::of_int(a.to_int().wrapping_div(d)))
}

/// OCaml's `mod` (sign of the dividend); `None` on division by zero.
#[inline]
pub fn int_rem(a: Value, b: Value) -> Option<Value> {
    let d = b.to_int();
    (d != 0).then(|| Value::of_int(a.to_int().wrapping_rem(d)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX_INT: i64 = (1 << 62) - 1;
    const MIN_INT: i64 = -(1 << 62);

    #[test]
    fn integers_are_tagged_in_the_low_bit() {
        assert_eq!(Value::of_int(0).0, 1);
        assert_eq!(Value::of_int(1).0, 3);
        assert_eq!(Value::of_int(-1).0, u64::MAX);
        assert_eq!(Value::of_int(21).to_int(), 21);
        assert_eq!(Value::of_int(MIN_INT).to_int(), MIN_INT);
        assert!(Value::of_int(7).is_int());
        assert!(!Value(0x1000).is_int());
        assert!(Value(0x1000).is_block());
        assert!(!Value(0).is_block());
    }

    #[test]
    fn constants_are_small_integers() {
        assert_eq!(UNIT, Value::of_int(0));
        assert_eq!(TRUE, Value::of_int(1));
        assert_eq!(Value::of_bool(false), FALSE);
        assert_eq!(NIL.to_int(), 0);
        assert_eq!(NONE.to_int(), 0);
    }

    #[test]
    fn arithmetic_wraps_on_63_bits() {
        let max = Value::of_int(MAX_INT);
        let one = Value::of_int(1);
        assert_eq!(int_add(max, one).to_int(), MIN_INT);
        assert_eq!(int_sub(Value::of_int(MIN_INT), one).to_int(), MAX_INT);
        assert_eq!(int_mul(max, Value::of_int(2)).to_int(), -2);
        assert_eq!(int_add(Value::of_int(-5), Value::of_int(3)).to_int(), -2);
        assert_eq!(int_sub(Value::of_int(-5), Value::of_int(3)).to_int(), -8);
        assert_eq!(int_mul(Value::of_int(-6), Value::of_int(7)).to_int(), -42);
        assert_eq!(Value::of_int(MAX_INT + 1).to_int(), MIN_INT);
    }

    #[test]
    fn division_truncates_and_rejects_zero() {
        assert_eq!(
            int_div(Value::of_int(-7), Value::of_int(2))
                .unwrap()
                .to_int(),
            -3
        );
        assert_eq!(
            int_rem(Value::of_int(-7), Value::of_int(2))
                .unwrap()
                .to_int(),
            -1
        );
        assert_eq!(
            int_rem(Value::of_int(7), Value::of_int(-2))
                .unwrap()
                .to_int(),
            1
        );
        assert!(int_div(Value::of_int(1), Value::of_int(0)).is_none());
        assert!(int_rem(Value::of_int(1), Value::of_int(0)).is_none());
        let min = Value::of_int(MIN_INT);
        assert_eq!(int_div(min, Value::of_int(-1)).unwrap().to_int(), MIN_INT);
    }

    #[test]
    fn headers_pack_tag_colour_and_size() {
        let h = Header::new(STRING_TAG, 12345, COLOR_STATIC);
        assert_eq!(h.tag(), STRING_TAG);
        assert_eq!(h.size(), 12345);
        assert_eq!(h.color(), COLOR_STATIC);
        assert_eq!(Header::new(0, 2, COLOR_SMALL).0, 2 << 10);
        let big = Header::new(3, MAX_WOSIZE, COLOR_LARGE);
        assert_eq!(big.size(), MAX_WOSIZE);
        assert_eq!(big.tag(), 3);
        let f = Header::forwarded(Value(0x7fff_dead_bee8));
        assert_eq!(f.color(), COLOR_FORWARDED);
        assert_eq!(f.forward_target(), Value(0x7fff_dead_bee8));
    }
}
