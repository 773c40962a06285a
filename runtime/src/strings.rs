//! Strings: allocation from bytes, the `String` operations compiled code calls, and the
//! conversions between integers and their decimal text with OCaml's exact behaviour.

use crate::alloc::alloc;
use crate::error::{RtError, RtResult};
use crate::roots::with_frame;
use crate::sched::Mutator;
use crate::value::{Value, NONE, STRING_TAG, UNIT};

/// Allocates a string of `len` zero bytes.
pub fn alloc_string(m: &mut Mutator, len: usize) -> RtResult<Value> {
    let v = alloc(m, STRING_TAG, 1 + len.div_ceil(8))?;
    // SAFETY: field 0 of a string block is its byte length.
    unsafe { v.set_raw_field(0, len as u64) };
    Ok(v)
}

/// Allocates a string holding a copy of `bytes`.
pub fn string_from_bytes(m: &mut Mutator, bytes: &[u8]) -> RtResult<Value> {
    let v = alloc_string(m, bytes.len())?;
    // SAFETY: the block was made for exactly these bytes.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), bytes_ptr(v), bytes.len()) };
    Ok(v)
}

/// Whether `v` is a string block.
fn is_string(v: Value) -> bool {
    // SAFETY: a block value points to a valid block while the lock is held.
    v.is_block() && unsafe { v.header().tag() } == STRING_TAG
}

fn bytes_ptr(v: Value) -> *mut u8 {
    v.ptr().wrapping_add(1) as *mut u8
}

fn not_a_string() -> RtError {
    RtError::invalid_argument("not a string")
}

/// The bytes of the string `s` (valid until the next allocation, which needs `m` again).
pub fn string_bytes(_m: &Mutator, s: Value) -> RtResult<&[u8]> {
    if !is_string(s) {
        return Err(not_a_string());
    }
    // SAFETY: a string block holds its length in field 0 and that many bytes after it.
    Ok(unsafe { std::slice::from_raw_parts(bytes_ptr(s), s.raw_field(0) as usize) })
}

/// The bytes of the string `s`, writable (for runtime code that fills a fresh string).
pub fn string_bytes_mut(_m: &mut Mutator, s: Value) -> RtResult<&mut [u8]> {
    if !is_string(s) {
        return Err(not_a_string());
    }
    // SAFETY: as in `string_bytes`; `&mut Mutator` makes the borrow unique.
    Ok(unsafe { std::slice::from_raw_parts_mut(bytes_ptr(s), s.raw_field(0) as usize) })
}

/// `String.length s`.
pub fn string_length(m: &Mutator, s: Value) -> RtResult<Value> {
    Ok(Value::of_int(string_bytes(m, s)?.len() as i64))
}

/// `String.get s i` (a char is its code as an int); `Invalid_argument "index out of bounds"`.
pub fn string_get(m: &Mutator, s: Value, i: Value) -> RtResult<Value> {
    let bytes = string_bytes(m, s)?;
    usize::try_from(i.to_int())
        .ok()
        .and_then(|i| bytes.get(i))
        .map(|&b| Value::of_int(b as i64))
        .ok_or_else(|| RtError::invalid_argument("index out of bounds"))
}

/// `a ^ b`.
pub fn string_concat(m: &mut Mutator, a: Value, b: Value) -> RtResult<Value> {
    let la = string_bytes(m, a)?.len();
    let lb = string_bytes(m, b)?.len();
    with_frame(m, [a, b], |m, slots| {
        let r = alloc_string(m, la + lb)?;
        // SAFETY: the slots hold the (possibly moved) strings; `r` has room for both.
        unsafe {
            std::ptr::copy_nonoverlapping(bytes_ptr(slots.get(0)), bytes_ptr(r), la);
            std::ptr::copy_nonoverlapping(bytes_ptr(slots.get(1)), bytes_ptr(r).add(la), lb);
        }
        Ok(r)
    })
}

/// `String.concat sep l`: the total length first, then one new string filled from the
/// list (no copy of the parts on the side).
pub fn string_concat_list(m: &mut Mutator, sep: Value, l: Value) -> RtResult<Value> {
    let sep_len = string_bytes(m, sep)?.len();
    let (mut total, mut cur) = (0usize, l);
    while cur.is_block() {
        // SAFETY: a list cell of strings.
        unsafe {
            total += string_bytes(m, cur.field(0))?.len() + if cur.field(1).is_block() { sep_len } else { 0 };
            cur = cur.field(1);
        }
    }
    with_frame(m, [sep, l], |m, slots| {
        let r = alloc_string(m, total)?;
        let (sep, mut cur, mut at) = (slots.get(0), slots.get(1), 0);
        while cur.is_block() {
            // SAFETY: the list and its strings are unchanged since their lengths were
            // summed (only `r` was allocated): `r` has room for every part.
            unsafe {
                let part = string_bytes(m, cur.field(0))?;
                std::ptr::copy_nonoverlapping(part.as_ptr(), bytes_ptr(r).add(at), part.len());
                at += part.len();
                cur = cur.field(1);
                if cur.is_block() {
                    std::ptr::copy_nonoverlapping(bytes_ptr(sep), bytes_ptr(r).add(at), sep_len);
                    at += sep_len;
                }
            }
        }
        Ok(r)
    })
}

/// `String.sub s start len`; `Invalid_argument "String.sub / Bytes.sub"` when out of range.
pub fn string_sub(m: &mut Mutator, s: Value, start: Value, len: Value) -> RtResult<Value> {
    let total = string_bytes(m, s)?.len() as i64;
    let (start, len) = (start.to_int(), len.to_int());
    if start < 0 || len < 0 || start > total - len {
        return Err(RtError::invalid_argument("String.sub / Bytes.sub"));
    }
    let (start, len) = (start as usize, len as usize);
    with_frame(m, [s], |m, slots| {
        let r = alloc_string(m, len)?;
        // SAFETY: the range was checked against the source's length.
        unsafe {
            std::ptr::copy_nonoverlapping(bytes_ptr(slots.get(0)).add(start), bytes_ptr(r), len)
        };
        Ok(r)
    })
}

/// `String.make n c`; `Invalid_argument "String.create"` when `n` is negative.
pub fn string_make(m: &mut Mutator, n: Value, c: Value) -> RtResult<Value> {
    let len =
        usize::try_from(n.to_int()).map_err(|_| RtError::invalid_argument("String.create"))?;
    let s = alloc_string(m, len)?;
    string_bytes_mut(m, s)?.fill(c.to_int() as u8);
    Ok(s)
}

/// `string_of_int n`.
pub fn string_of_int(m: &mut Mutator, n: Value) -> RtResult<Value> {
    let mut text = [0u8; 24];
    string_from_bytes(m, decimal(n.to_int(), &mut text))
}

/// The decimal text of `n`, written at the end of `buf` (no allocation).
pub fn decimal(n: i64, buf: &mut [u8; 24]) -> &[u8] {
    let mut at = buf.len();
    let mut u = n.unsigned_abs();
    loop {
        at -= 1;
        buf[at] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    if n < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    &buf[at..]
}

/// `String.split_on_char c s`. The pieces' bounds are found first: each piece is then copied
/// from `s`, kept in a frame, read again after every allocation (the collector may move it).
pub fn split_on_char(m: &mut Mutator, c: u8, s: Value) -> RtResult<Value> {
    let bytes = string_bytes(m, s)?;
    let mut bounds = Vec::new();
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate() {
        if *b == c {
            bounds.push((start, i));
            start = i + 1;
        }
    }
    bounds.push((start, bytes.len()));
    with_frame(m, [crate::value::NIL, UNIT, s], |m, slots| {
        for &(start, end) in bounds.iter().rev() {
            let piece = alloc_string(m, end - start)?;
            let from = string_bytes(m, slots.get(2))?[start..end].as_ptr();
            // SAFETY: the piece was made for exactly these bytes, in another block.
            unsafe { std::ptr::copy_nonoverlapping(from, bytes_ptr(piece), end - start) };
            slots.set(1, piece);
            let cell = alloc(m, 0, 2)?;
            // SAFETY: a fresh cell of two fields.
            unsafe {
                cell.set_field(0, slots.get(1));
                cell.set_field(1, slots.get(0));
            }
            slots.set(0, cell);
        }
        Ok(slots.get(0))
    })
}

/// `int_of_string s`: `Failure "int_of_string"` when `s` is not an integer literal.
pub fn int_of_string(m: &Mutator, s: Value) -> RtResult<Value> {
    parse_int(string_bytes(m, s)?)
        .map(Value::of_int)
        .ok_or_else(|| RtError::failure("int_of_string"))
}

/// `int_of_string_opt s`: `Some n`, or `None` when `s` is not an integer literal.
pub fn int_of_string_opt(m: &mut Mutator, s: Value) -> RtResult<Value> {
    let Some(n) = parse_int(string_bytes(m, s)?) else {
        return Ok(NONE);
    };
    let some = alloc(m, 0, 1)?;
    // SAFETY: `some` has one field.
    unsafe { some.set_field(0, Value::of_int(n)) };
    Ok(some)
}

/// Parses an OCaml integer literal as `int_of_string` does: an optional sign, an optional
/// `0x`/`0o`/`0b`/`0u` prefix, digits with `_` allowed after the first. Decimal values must
/// fit in 63 signed bits; prefixed ones in 63 unsigned bits (and wrap).
fn parse_int(s: &[u8]) -> Option<i64> {
    const BITS: u32 = 63;
    let (negative, rest) = match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (base, signed, digits) = match rest {
        [b'0', b'x' | b'X', d @ ..] => (16, false, d),
        [b'0', b'o' | b'O', d @ ..] => (8, false, d),
        [b'0', b'b' | b'B', d @ ..] => (2, false, d),
        [b'0', b'u' | b'U', d @ ..] => (10, false, d),
        d => (10, true, d),
    };
    let digit = |c: u8| (c as char).to_digit(base);
    let (&first, more) = digits.split_first()?;
    let mut acc = u64::from(digit(first)?);
    for &c in more {
        if c == b'_' {
            continue;
        }
        acc = acc
            .checked_mul(u64::from(base))?
            .checked_add(u64::from(digit(c)?))?;
    }
    let limit = 1u64 << (BITS - 1);
    if signed {
        if (!negative && acc >= limit) || (negative && acc > limit) {
            return None;
        }
    } else if acc >= 1u64 << BITS {
        return None;
    }
    let n = acc as i64;
    Some(if negative { n.wrapping_neg() } else { n })
}

/// OCaml's `String.escaped`: the bytes of `s` with quotes, backslashes and control
/// characters written as escapes. Shared by the runtime and the reference interpreter.
pub fn escaped(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for &c in s {
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\x08' => out.extend_from_slice(b"\\b"),
            0x20..=0x7e => out.push(c),
            _ => out.extend_from_slice(format!("\\{c:03}").as_bytes()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sched::attach;

    const MAX_INT: i64 = (1 << 62) - 1;
    const MIN_INT: i64 = -(1 << 62);

    #[test]
    fn parses_like_ocaml() {
        assert_eq!(parse_int(b"42"), Some(42));
        assert_eq!(parse_int(b"-17"), Some(-17));
        assert_eq!(parse_int(b"+8"), Some(8));
        assert_eq!(parse_int(b"1_000_000"), Some(1_000_000));
        assert_eq!(parse_int(b"0x1F"), Some(31));
        assert_eq!(parse_int(b"-0x10"), Some(-16));
        assert_eq!(parse_int(b"0o17"), Some(15));
        assert_eq!(parse_int(b"0b101"), Some(5));
        assert_eq!(parse_int(b"0u12"), Some(12));
        assert_eq!(parse_int(b"4611686018427387903"), Some(MAX_INT));
        assert_eq!(parse_int(b"-4611686018427387904"), Some(MIN_INT));
        // Prefixed literals use all 63 bits and wrap, as in OCaml.
        assert_eq!(
            Value::of_int(parse_int(b"0x7FFFFFFFFFFFFFFF").unwrap()).to_int(),
            -1
        );
    }

    #[test]
    fn decimal_text_of_every_kind_of_int() {
        let mut buf = [0u8; 24];
        for n in [0, 7, -7, 1234567890, MAX_INT, MIN_INT, i64::MIN] {
            assert_eq!(decimal(n, &mut buf), n.to_string().as_bytes());
        }
    }

    #[test]
    fn split_on_char_keeps_empty_pieces_in_order() {
        attach(|m| {
            let s = string_from_bytes(m, b"|a||bc|").unwrap();
            let mut l = split_on_char(m, b'|', s).unwrap();
            let mut pieces = Vec::new();
            while l.is_block() {
                // SAFETY: a list cell of two fields holding a string.
                pieces.push(string_bytes(m, unsafe { l.field(0) }).unwrap().to_vec());
                l = unsafe { l.field(1) };
            }
            assert_eq!(pieces, vec![b"".to_vec(), b"a".to_vec(), b"".to_vec(), b"bc".to_vec(), b"".to_vec()]);
        })
        .unwrap();
    }

    #[test]
    fn concat_list_joins_with_the_separator() {
        attach(|m| {
            let cons = |m: &mut Mutator, s: &[u8], tail: Value| {
                let head = string_from_bytes(m, s).unwrap();
                let cell = alloc(m, 0, 2).unwrap();
                // SAFETY: a fresh cell of two fields.
                unsafe {
                    cell.set_field(0, head);
                    cell.set_field(1, tail);
                }
                cell
            };
            let sep = string_from_bytes(m, b", ").unwrap();
            let empty = crate::value::NIL;
            let r = string_concat_list(m, sep, empty).unwrap();
            assert_eq!(string_bytes(m, r).unwrap(), b"");
            let one = cons(m, b"solo", empty);
            let r = string_concat_list(m, sep, one).unwrap();
            assert_eq!(string_bytes(m, r).unwrap(), b"solo");
            let c = cons(m, b"c", empty);
            let bc = cons(m, b"", c);
            let abc = cons(m, b"ab", bc);
            let r = string_concat_list(m, sep, abc).unwrap();
            assert_eq!(string_bytes(m, r).unwrap(), b"ab, , c");
            assert!(string_concat_list(m, Value::of_int(1), abc).is_err());
        })
        .unwrap();
    }

    #[test]
    fn rejects_what_ocaml_rejects() {
        for bad in [
            &b""[..],
            b"-",
            b"+",
            b"abc",
            b"12a",
            b" 1",
            b"1 ",
            b"_1",
            b"0x",
            b"0x_1",
            b"0xG",
            b"0b2",
            b"4611686018427387904",
            b"-4611686018427387905",
            b"0x8000000000000000",
            b"99999999999999999999999",
        ] {
            assert_eq!(parse_int(bad), None, "{:?}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn string_operations() {
        attach(|m| {
            let a = string_from_bytes(m, b"hello, ").unwrap();
            let b = string_from_bytes(m, b"world").unwrap();
            let ab = string_concat(m, a, b).unwrap();
            assert_eq!(string_bytes(m, ab).unwrap(), b"hello, world");
            assert_eq!(string_length(m, ab).unwrap().to_int(), 12);
            assert_eq!(
                string_get(m, ab, Value::of_int(4)).unwrap().to_int(),
                b'o' as i64
            );
            let e = string_get(m, ab, Value::of_int(12)).unwrap_err();
            assert_eq!(e, RtError::invalid_argument("index out of bounds"));
            assert!(string_get(m, ab, Value::of_int(-1)).is_err());
            let sub = string_sub(m, ab, Value::of_int(7), Value::of_int(5)).unwrap();
            assert_eq!(string_bytes(m, sub).unwrap(), b"world");
            let empty = string_sub(m, ab, Value::of_int(12), Value::of_int(0)).unwrap();
            assert_eq!(string_bytes(m, empty).unwrap(), b"");
            let bad = string_sub(m, ab, Value::of_int(8), Value::of_int(5)).unwrap_err();
            assert_eq!(bad.message, "String.sub / Bytes.sub");
            assert!(string_sub(m, ab, Value::of_int(-1), Value::of_int(1)).is_err());
            assert!(string_bytes(m, Value::of_int(3)).is_err());
            let made = string_make(m, Value::of_int(3), Value::of_int(b'z' as i64)).unwrap();
            assert_eq!(string_bytes(m, made).unwrap(), b"zzz");
            assert!(string_make(m, Value::of_int(-1), Value::of_int(0)).is_err());
        })
        .unwrap();
    }

    #[test]
    fn string_blocks_store_length_and_padding() {
        attach(|m| {
            for len in [0usize, 1, 7, 8, 9, 16, 100] {
                let s = alloc_string(m, len).unwrap();
                // SAFETY: `s` is a live string block.
                let h = unsafe { s.header() };
                assert_eq!(h.tag(), STRING_TAG);
                assert_eq!(h.size() as usize, 1 + len.div_ceil(8));
                assert_eq!(unsafe { s.raw_field(0) } as usize, len);
                assert!(string_bytes(m, s).unwrap().iter().all(|&b| b == 0));
            }
        })
        .unwrap();
    }

    #[test]
    fn integer_conversions() {
        attach(|m| {
            let s = string_of_int(m, Value::of_int(-1234)).unwrap();
            assert_eq!(string_bytes(m, s).unwrap(), b"-1234");
            let n = int_of_string(m, s).unwrap();
            assert_eq!(n.to_int(), -1234);
            let bad = string_from_bytes(m, b"12x").unwrap();
            assert_eq!(
                int_of_string(m, bad).unwrap_err(),
                RtError::failure("int_of_string")
            );
            assert_eq!(int_of_string_opt(m, bad).unwrap(), NONE);
            let good = string_from_bytes(m, b"77").unwrap();
            let some = int_of_string_opt(m, good).unwrap();
            assert!(some.is_block());
            // SAFETY: `Some 77` is a live block with one field.
            assert_eq!(
                unsafe { (some.header().tag(), some.field(0).to_int()) },
                (0, 77)
            );
        })
        .unwrap();
    }
}
