//! C ABI functions of the native backend for the `String` and `Char` operations that
//! search, trim, escape or call a closure on each byte, and for `read_line`,
//! `float_of_string_opt`, `Sys.getenv_opt` and `Ast.rand`, with OCaml's results and
//! exceptions (`Not_found` and `End_of_file` are raised by compiled code on the sentinel
//! these functions return).

use std::io::BufRead;
use std::sync::Mutex;

use crate::abi_backend::{finish, mutator, option, raise, some_block, Apply1};
use crate::alloc::alloc;
use crate::error::{RtError, RtResult};
use crate::format::parse_float;
use crate::io::{flush_channel, Channel};
use crate::roots::with_frame;
use crate::sched::{blocking, Mutator};
use crate::strings::{escaped, string_bytes, string_from_bytes};
use crate::value::{Value, UNIT};

/// How a byte is searched for in a string, by the number the backend passes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Search {
    /// Forward from `from`; `Invalid_argument msg` when `from` is outside `0..=length`.
    Forward(&'static str),
    /// Forward from `from`; not found when `from` is outside `0..=length` (`Ast.findFrom`).
    ForwardLenient,
    /// Backward from the end (`String.rindex`).
    Backward,
}

impl Search {
    /// The search the backend numbers `n`: 0 `index_from`, 1 `contains_from`,
    /// 2 `index_from_opt`, 3 `rindex`, 4 `Ast.findFrom`.
    pub fn of_code(n: i64) -> Search {
        match n {
            0 => Search::Forward("String.index_from / Bytes.index_from"),
            1 => Search::Forward("String.contains_from / Bytes.contains_from"),
            2 => Search::Forward("String.index_from_opt / Bytes.index_from_opt"),
            3 => Search::Backward,
            _ => Search::ForwardLenient,
        }
    }
}

/// The position of byte `c` in `s` searched as `how` says, from `from` for the forward
/// searches.
pub fn search(s: &[u8], from: i64, c: u8, how: Search) -> RtResult<Option<usize>> {
    if how == Search::Backward {
        return Ok(s.iter().rposition(|&b| b == c));
    }
    let start = match usize::try_from(from) {
        Ok(k) if k <= s.len() => k,
        _ => {
            return match how {
                Search::Forward(msg) => Err(RtError::invalid_argument(msg)),
                _ => Ok(None),
            }
        }
    };
    Ok(s[start..].iter().position(|&b| b == c).map(|i| i + start))
}

/// `String.trim`: without leading and trailing spaces, tabs, newlines, returns, form feeds.
pub fn trim(s: &[u8]) -> &[u8] {
    let blank = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let start = s.iter().position(|c| !blank(c)).unwrap_or(s.len());
    let end = s.iter().rposition(|c| !blank(c)).map_or(start, |e| e + 1);
    &s[start..end]
}

/// `Char.escaped c`: as `String.escaped`, except that a quote is escaped and a double
/// quote is not (OCaml's `Char.escaped`).
pub fn char_escaped(c: u8) -> Vec<u8> {
    match c {
        b'\'' => b"\\'".to_vec(),
        b'"' => b"\"".to_vec(),
        _ => escaped(&[c]),
    }
}

fn searched(s: Value, from: Value, c: Value, how: Value) -> RtResult<Option<usize>> {
    let m = mutator();
    search(string_bytes(&m, s)?, from.to_int(), c.to_int() as u8, Search::of_code(how.to_int()))
}

/// The search `how` (see [`Search::of_code`]) of `c` in `s`: the index, or -1 when not found.
#[no_mangle]
pub extern "C" fn anerisc_string_search(s: Value, from: Value, c: Value, how: Value) -> Value {
    let r = searched(s, from, c, how).map(|found| Value::of_int(found.map_or(-1, |i| i as i64)));
    finish(&mut mutator(), r)
}

/// The search `how` of `c` in `s` as an option (`index_opt`, `rindex_opt`...).
#[no_mangle]
pub extern "C" fn anerisc_string_search_opt(s: Value, from: Value, c: Value, how: Value) -> Value {
    let m = &mut mutator();
    let r = searched(s, from, c, how).and_then(|found| option(m, found.map(|i| Value::of_int(i as i64))));
    finish(m, r)
}

/// `String.index_from_opt s i c`.
#[no_mangle]
pub extern "C" fn anerisc_string_index_from_opt(s: Value, from: Value, c: Value) -> Value {
    anerisc_string_search_opt(s, from, c, Value::of_int(2))
}

/// `Ast.findFrom s i c`.
#[no_mangle]
pub extern "C" fn anerisc_find_from(s: Value, from: Value, c: Value) -> Value {
    anerisc_string_search_opt(s, from, c, Value::of_int(4))
}

/// `String.trim s`.
#[no_mangle]
pub extern "C" fn anerisc_string_trim(s: Value) -> Value {
    let m = &mut mutator();
    let r = string_bytes(m, s).map(|b| trim(b).to_vec()).and_then(|t| string_from_bytes(m, &t));
    finish(m, r)
}

/// `Char.escaped c`.
#[no_mangle]
pub extern "C" fn anerisc_char_escaped(c: Value) -> Value {
    let m = &mut mutator();
    let r = string_from_bytes(m, &char_escaped(c.to_int() as u8));
    finish(m, r)
}

/// `float_of_string_opt s`.
#[no_mangle]
pub extern "C" fn anerisc_float_of_string_opt(s: Value) -> Value {
    let m = &mut mutator();
    let r = string_bytes(m, s).map(parse_float).and_then(|x| match x {
        None => Ok(UNIT),
        Some(x) => {
            let boxed = alloc(m, crate::value::DOUBLE_TAG, 1)?;
            // SAFETY: a float block has one raw field.
            unsafe { boxed.set_raw_field(0, x.to_bits()) };
            some_block(m, boxed)
        }
    });
    finish(m, r)
}

/// `Sys.getenv_opt name`.
#[no_mangle]
pub extern "C" fn anerisc_getenv_opt(name: Value) -> Value {
    let m = &mut mutator();
    let r = string_bytes(m, name).map(|b| std::env::var_os(String::from_utf8_lossy(b).as_ref())).and_then(|v| match v {
        None => Ok(UNIT),
        Some(v) => {
            let s = string_from_bytes(m, v.to_string_lossy().as_bytes())?;
            some_block(m, s)
        }
    });
    finish(m, r)
}

/// `read_line ()`: flushes standard output, then reads a line without the runtime lock.
/// Returns the line without its newline, or unit at the end of the input (compiled code
/// then raises `End_of_file`).
#[no_mangle]
pub extern "C" fn anerisc_read_line(_unit: Value) -> Value {
    let m = &mut mutator();
    let read = blocking(m, || {
        let _ = flush_channel(Channel::Stdout);
        let mut line = Vec::new();
        std::io::stdin().lock().read_until(b'\n', &mut line).map(|n| (n, line))
    });
    match read {
        Ok((0, _)) => UNIT,
        Ok((_, mut line)) => {
            if line.last() == Some(&b'\n') {
                line.pop();
            }
            let r = string_from_bytes(m, &line);
            finish(m, r)
        }
        Err(e) => raise(m, RtError::sys_error(e.to_string())),
    }
}

/// The state of `Ast.rand`'s generator (0 until first used).
static RAND_STATE: Mutex<u64> = Mutex::new(0);

/// `Ast.rand n`: a pseudo-random integer in `0..n`, from a xorshift generator seeded with
/// the time; `Invalid_argument "Random.int"` when `n` is not positive.
#[no_mangle]
pub extern "C" fn anerisc_rand(n: Value) -> Value {
    let bound = n.to_int();
    if bound <= 0 {
        return raise(&mut mutator(), RtError::invalid_argument("Random.int"));
    }
    let mut st = RAND_STATE.lock().unwrap_or_else(|e| e.into_inner());
    if *st == 0 {
        *st = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64) | 1;
    }
    *st ^= *st << 13;
    *st ^= *st >> 7;
    *st ^= *st << 17;
    Value::of_int((*st % bound as u64) as i64)
}

/// Applies `f` to `x` then, when `y` is given, the result to `y` (OCaml's `f x y`);
/// `None` when the closure raised.
fn apply_to(apply: Apply1, f: Value, x: Value, y: Option<Value>) -> Option<Value> {
    let r = apply(f, x);
    if r.0 == 0 {
        return None;
    }
    match y {
        None => Some(r),
        Some(y) => {
            let r = apply(r, y);
            (r.0 != 0).then_some(r)
        }
    }
}

/// Calls `f` on each byte of `s` (with its index first when `indexed`), collecting the
/// results; `None` when the closure raised.
fn each_byte(m: &mut Mutator, f: Value, s: Value, indexed: bool, apply: Apply1) -> RtResult<Option<Vec<u8>>> {
    let bytes = string_bytes(m, s)?.to_vec();
    Ok(with_frame(m, [f], |_, slots| {
        let mut out = Vec::with_capacity(bytes.len());
        for (i, &c) in bytes.iter().enumerate() {
            let c = Value::of_int(c as i64);
            let r = if indexed { apply_to(apply, slots.get(0), Value::of_int(i as i64), Some(c)) } else { apply_to(apply, slots.get(0), c, None) };
            out.push(r?.to_int() as u8);
        }
        Some(out)
    }))
}

fn map_bytes(f: Value, s: Value, indexed: bool, apply: Apply1) -> Value {
    let m = &mut mutator();
    match each_byte(m, f, s, indexed, apply) {
        Ok(Some(out)) => {
            let r = string_from_bytes(m, &out);
            finish(m, r)
        }
        Ok(None) => Value(0),
        Err(e) => raise(m, e),
    }
}

/// `String.iter f s` (`indexed` false) and `String.iteri f s` (true), calling `f` through
/// `apply`.
#[no_mangle]
pub extern "C" fn anerisc_string_iter(f: Value, s: Value, indexed: Value, apply: Apply1) -> Value {
    let m = &mut mutator();
    match each_byte(m, f, s, indexed != crate::value::FALSE, apply) {
        Ok(Some(_)) => UNIT,
        Ok(None) => Value(0),
        Err(e) => raise(m, e),
    }
}

/// `String.map f s`, calling `f` through `apply`.
#[no_mangle]
pub extern "C" fn anerisc_string_map(f: Value, s: Value, apply: Apply1) -> Value {
    map_bytes(f, s, false, apply)
}

/// `String.mapi f s`, calling `f` through `apply`.
#[no_mangle]
pub extern "C" fn anerisc_string_mapi(f: Value, s: Value, apply: Apply1) -> Value {
    map_bytes(f, s, true, apply)
}

/// `Array.fold_left f init a`, calling `f` through `apply`.
#[no_mangle]
pub extern "C" fn anerisc_array_fold_left(f: Value, init: Value, a: Value, apply: Apply1) -> Value {
    let m = &mut mutator();
    // SAFETY: an array block.
    let count = unsafe { a.header().size() } as usize;
    with_frame(m, [f, a, init], |_, slots| {
        for i in 0..count {
            // SAFETY: the array (re-read from its slot) has `count` fields.
            let x = unsafe { slots.get(1).field(i) };
            match apply_to(apply, slots.get(0), slots.get(2), Some(x)) {
                Some(acc) => slots.set(2, acc),
                None => return Value(0),
            }
        }
        slots.get(2)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches_like_ocaml() {
        let idx = Search::of_code(0);
        assert_eq!(search(b"hello", 0, b'l', idx), Ok(Some(2)));
        assert_eq!(search(b"hello", 3, b'l', idx), Ok(Some(3)));
        assert_eq!(search(b"hello", 4, b'l', idx), Ok(None));
        assert_eq!(search(b"hello", 5, b'l', idx), Ok(None));
        assert_eq!(search(b"hello", 6, b'l', idx), Err(RtError::invalid_argument("String.index_from / Bytes.index_from")));
        assert_eq!(search(b"hello", -1, b'l', Search::of_code(1)), Err(RtError::invalid_argument("String.contains_from / Bytes.contains_from")));
        assert_eq!(search(b"hello", 0, b'l', Search::Backward), Ok(Some(3)));
        assert_eq!(search(b"hello", 0, b'z', Search::Backward), Ok(None));
        assert_eq!(search(b"hello", 9, b'l', Search::of_code(4)), Ok(None));
    }

    #[test]
    fn trims_and_escapes_like_ocaml() {
        assert_eq!(trim(b" \t\n a b \x0c\r"), b"a b");
        assert_eq!(trim(b"   "), b"");
        assert_eq!(trim(b""), b"");
        assert_eq!(trim(b"\x0bx\x0b"), b"\x0bx\x0b");
        assert_eq!(char_escaped(b'\''), b"\\'");
        assert_eq!(char_escaped(b'\n'), b"\\n");
        assert_eq!(char_escaped(b'"'), b"\"");
        assert_eq!(char_escaped(200), b"\\200");
        assert_eq!(char_escaped(b'a'), b"a");
    }
}
