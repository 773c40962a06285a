//! Number formatting and parsing as OCaml does them: `Printf` conversions of ints and
//! floats (through the C library's `snprintf`, as OCaml's runtime does), `string_of_float`
//! and `float_of_string`.

use std::ffi::CString;

use crate::error::{RtError, RtResult};
use crate::sched::Mutator;
use crate::strings::{decimal, string_bytes, string_from_bytes};
use crate::value::Value;

/// Largest width or precision accepted in a conversion.
const MAX_FIELD: usize = 1 << 20;

/// One `%[flags][width][.precision]conversion` specification.
#[derive(Debug, PartialEq, Eq)]
struct Spec<'a> {
    flags: &'a [u8],
    width: Option<usize>,
    precision: Option<usize>,
    conversion: u8,
}

fn bad_format(fmt: &[u8]) -> RtError {
    RtError::invalid_argument(format!(
        "format: bad conversion {:?}",
        String::from_utf8_lossy(fmt)
    ))
}

/// Splits a conversion specification; `None` when it is malformed.
fn parse_spec(fmt: &[u8]) -> Option<Spec<'_>> {
    let rest = fmt.strip_prefix(b"%")?;
    let nflags = rest.iter().take_while(|c| b"-0+ #".contains(c)).count();
    let (flags, rest) = rest.split_at(nflags);
    let number = |s: &[u8]| -> Option<(Option<usize>, usize)> {
        let n = s.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return Some((None, 0));
        }
        let v: usize = std::str::from_utf8(&s[..n]).ok()?.parse().ok()?;
        (v <= MAX_FIELD).then_some((Some(v), n))
    };
    let (width, used) = number(rest)?;
    let rest = &rest[used..];
    let (precision, rest) = match rest.strip_prefix(b".") {
        Some(r) => {
            let (p, used) = number(r)?;
            (Some(p.unwrap_or(0)), &r[used..])
        }
        None => (None, rest),
    };
    match rest {
        [c] => Some(Spec {
            flags,
            width,
            precision,
            conversion: *c,
        }),
        _ => None,
    }
}

/// Room for the usual conversion's text (and its C format): longer ones go to the heap.
const SHORT_TEXT: usize = 64;

/// Bytes kept on the stack while they fit in [`SHORT_TEXT`], in a vector beyond: a
/// conversion's text is made without allocating.
#[derive(Clone)]
pub enum Text {
    /// The bytes are the first `.1` of the array.
    Short([u8; SHORT_TEXT], usize),
    /// Too long for the array.
    Long(Vec<u8>),
}

impl Text {
    fn new() -> Text {
        Text::Short([0; SHORT_TEXT], 0)
    }

    fn extend(&mut self, bytes: &[u8]) {
        match self {
            Text::Short(buf, len) if *len + bytes.len() <= SHORT_TEXT => {
                buf[*len..*len + bytes.len()].copy_from_slice(bytes);
                *len += bytes.len();
            }
            Text::Short(buf, len) => {
                let mut v = buf[..*len].to_vec();
                v.extend_from_slice(bytes);
                *self = Text::Long(v);
            }
            Text::Long(v) => v.extend_from_slice(bytes),
        }
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Text::Short(buf, len) => &buf[..*len],
            Text::Long(v) => v,
        }
    }
}

impl Spec<'_> {
    /// The C format string (NUL-terminated) with `length` (for example `l`) before the
    /// conversion.
    fn c_format(&self, length: &str) -> Text {
        let mut f = Text::new();
        f.extend(b"%");
        f.extend(self.flags);
        let mut digits = [0u8; 24];
        if let Some(w) = self.width {
            f.extend(decimal(w as i64, &mut digits));
        }
        if let Some(p) = self.precision {
            f.extend(b".");
            f.extend(decimal(p as i64, &mut digits));
        }
        f.extend(length.as_bytes());
        f.extend(&[self.conversion, 0]);
        f
    }
}

/// Runs `snprintf` with `fmt` (NUL-terminated) and one argument: into a short buffer, and
/// again into one of the size it asks for when that is too short.
fn c_print(fmt: &[u8], print: impl Fn(*mut libc::c_char, usize, *const libc::c_char) -> i32) -> Text {
    let f = fmt.as_ptr() as *const libc::c_char;
    let mut short = [0u8; SHORT_TEXT];
    let needed = print(short.as_mut_ptr() as *mut libc::c_char, short.len(), f).max(0) as usize;
    if needed < short.len() {
        return Text::Short(short, needed);
    }
    let mut buf = vec![0u8; needed + 1];
    print(buf.as_mut_ptr() as *mut libc::c_char, buf.len(), f);
    buf.truncate(needed);
    Text::Long(buf)
}

/// The text of `n` converted by `fmt` (`%d %i %u %x %X %o` with flags, width, precision).
/// Unsigned conversions see the 63-bit pattern of `n`, as in OCaml.
pub fn format_int_bytes(fmt: &[u8], n: Value) -> RtResult<Text> {
    let spec = parse_spec(fmt).ok_or_else(|| bad_format(fmt))?;
    let arg: libc::c_long = match spec.conversion {
        b'd' | b'i' => n.to_int() as libc::c_long,
        b'u' | b'x' | b'X' | b'o' => (n.0 >> 1) as libc::c_long,
        _ => return Err(bad_format(fmt)),
    };
    let cfmt = spec.c_format("l");
    // SAFETY: `cfmt` takes exactly one long; the buffer size is passed along.
    Ok(c_print(cfmt.as_bytes(), |buf, len, f| unsafe {
        libc::snprintf(buf, len, f, arg)
    }))
}

/// The text of `x` converted by `fmt` (`%f %F %e %E %g %G` with flags, width, precision;
/// `%F` is OCaml's: the `string_of_float` text).
pub fn format_float_bytes(fmt: &[u8], x: f64) -> RtResult<Text> {
    let spec = parse_spec(fmt).ok_or_else(|| bad_format(fmt))?;
    match spec.conversion {
        b'f' | b'e' | b'E' | b'g' | b'G' => {
            let cfmt = spec.c_format("");
            // SAFETY: `cfmt` takes exactly one double; the buffer size is passed along.
            Ok(c_print(cfmt.as_bytes(), |buf, len, f| unsafe {
                libc::snprintf(buf, len, f, x)
            }))
        }
        b'F' if spec.flags.is_empty() && spec.width.is_none() && spec.precision.is_none() => {
            Ok(float_text(x))
        }
        _ => Err(bad_format(fmt)),
    }
}

/// The bytes `s` converted by `fmt` (`%s` with a width and the `-` flag; the backend
/// formats `%c` and `%b` as the string of the char or bool through the same conversion).
pub fn format_string_bytes(fmt: &[u8], s: &[u8]) -> RtResult<Text> {
    let spec = parse_spec(fmt).ok_or_else(|| bad_format(fmt))?;
    if spec.conversion != b's' || spec.precision.is_some() || spec.flags.iter().any(|&f| f != b'-')
    {
        return Err(bad_format(fmt));
    }
    let pad = spec.width.unwrap_or(0).saturating_sub(s.len());
    let mut out = Text::new();
    let spaces = [b' '; 16];
    let pad_with = |out: &mut Text| {
        for i in (0..pad).step_by(spaces.len()) {
            out.extend(&spaces[..spaces.len().min(pad - i)]);
        }
    };
    if spec.flags.is_empty() {
        pad_with(&mut out);
    }
    out.extend(s);
    if !spec.flags.is_empty() {
        pad_with(&mut out);
    }
    Ok(out)
}

/// `string_of_float x` as bytes: `%.12g`, with a `.` added when that looks like an int.
fn float_text(x: f64) -> Text {
    // SAFETY: one double argument.
    let mut s = c_print(b"%.12g\0", |buf, len, f| unsafe {
        libc::snprintf(buf, len, f, x)
    });
    if s.as_bytes().iter().all(|&c| c == b'-' || c.is_ascii_digit()) {
        s.extend(b".");
    }
    s
}

/// `Printf`'s conversion of an int: a new string.
pub fn format_int(m: &mut Mutator, fmt: Value, n: Value) -> RtResult<Value> {
    let text = format_int_bytes(string_bytes(m, fmt)?, n)?;
    string_from_bytes(m, text.as_bytes())
}

/// `Printf`'s conversion of a float: a new string.
pub fn format_float(m: &mut Mutator, fmt: Value, x: f64) -> RtResult<Value> {
    let text = format_float_bytes(string_bytes(m, fmt)?, x)?;
    string_from_bytes(m, text.as_bytes())
}

/// `Printf`'s conversion of a string: a new string.
pub fn format_string(m: &mut Mutator, fmt: Value, s: Value) -> RtResult<Value> {
    let text = format_string_bytes(string_bytes(m, fmt)?, string_bytes(m, s)?)?;
    string_from_bytes(m, text.as_bytes())
}

/// `string_of_float x`.
pub fn string_of_float(m: &mut Mutator, x: f64) -> RtResult<Value> {
    string_from_bytes(m, float_text(x).as_bytes())
}

/// Parses a float as `float_of_string` does: decimal or hexadecimal notation, `_` allowed,
/// `nan`, `inf`, `infinity`; the whole text must be used.
pub fn parse_float(s: &[u8]) -> Option<f64> {
    let cleaned: Vec<u8> = s.iter().copied().filter(|&c| c != b'_').collect();
    if cleaned.is_empty() || cleaned.contains(&0) {
        return None;
    }
    let c = CString::new(cleaned).ok()?;
    let mut end: *mut libc::c_char = std::ptr::null_mut();
    // SAFETY: `c` is NUL-terminated; `end` receives a pointer into it.
    let x = unsafe { libc::strtod(c.as_ptr(), &mut end) };
    let used = end as usize - c.as_ptr() as usize;
    (used == c.as_bytes().len()).then_some(x)
}

/// `float_of_string s` (`Failure "float_of_string"` when `s` is not a float).
pub fn float_of_string(m: &Mutator, s: Value) -> RtResult<f64> {
    parse_float(string_bytes(m, s)?).ok_or_else(|| RtError::failure("float_of_string"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(fmt: &str, n: i64) -> String {
        String::from_utf8(format_int_bytes(fmt.as_bytes(), Value::of_int(n)).unwrap().as_bytes().to_vec()).unwrap()
    }

    fn float(fmt: &str, x: f64) -> String {
        String::from_utf8(format_float_bytes(fmt.as_bytes(), x).unwrap().as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn int_conversions_match_ocaml_printf() {
        assert_eq!(int("%d", -42), "-42");
        assert_eq!(int("%5d", 42), "   42");
        assert_eq!(int("%-5d", 42), "42   ");
        assert_eq!(int("%05d", -42), "-0042");
        assert_eq!(int("%+d", 7), "+7");
        assert_eq!(int("%x", 255), "ff");
        assert_eq!(int("%X", 255), "FF");
        assert_eq!(int("%#x", 255), "0xff");
        assert_eq!(int("%o", 8), "10");
        assert_eq!(int("%x", -1), "7fffffffffffffff", "63-bit pattern");
        assert_eq!(int("%u", -1), "9223372036854775807");
        assert_eq!(int("%i", (1 << 62) - 1), "4611686018427387903");
    }

    #[test]
    fn float_conversions_match_ocaml_printf() {
        assert_eq!(float("%f", 1.25), "1.250000");
        assert_eq!(float("%.3f", 2.0 / 3.0), "0.667");
        assert_eq!(float("%8.2f", -1.5), "   -1.50");
        assert_eq!(float("%e", 12345.678), "1.234568e+04");
        assert_eq!(float("%g", 0.0001), "0.0001");
        assert_eq!(float("%g", 1e20), "1e+20");
        assert_eq!(float("%F", 3.0), "3.");
        assert_eq!(float("%F", 0.1), "0.1");
    }

    #[test]
    fn conversions_longer_than_the_short_buffer_are_whole() {
        let wide = int("%200d", 7);
        assert_eq!(wide.len(), 200);
        assert!(wide.ends_with(" 7"));
        let exact = int("%63d", 1);
        assert_eq!(exact.len(), 63);
        assert_eq!(int("%64d", 1).len(), 64);
        let big = float("%.80f", 1.0);
        assert_eq!(big.len(), 82);
        assert!(big.starts_with("1.000"));
    }

    #[test]
    fn malformed_conversions_are_errors() {
        for bad in ["d", "%", "%q", "%5", "%dd", "%5.3.2d", "%99999999d"] {
            assert!(
                format_int_bytes(bad.as_bytes(), Value::of_int(1)).is_err(),
                "{bad}"
            );
        }
        assert!(format_int_bytes(b"%f", Value::of_int(1)).is_err());
        assert!(format_float_bytes(b"%d", 1.0).is_err());
        assert!(format_float_bytes(b"%5F", 1.0).is_err());
    }

    #[test]
    fn string_conversions_pad_like_ocaml_printf() {
        let f = |fmt: &str, s: &str| format_string_bytes(fmt.as_bytes(), s.as_bytes()).map(|t| t.as_bytes().to_vec());
        assert_eq!(f("%s", "abc").unwrap(), b"abc");
        assert_eq!(f("%5s", "abc").unwrap(), b"  abc");
        assert_eq!(f("%-5s", "abc").unwrap(), b"abc  ");
        assert_eq!(f("%2s", "abc").unwrap(), b"abc");
        // Longer than the stack text, padded past it too.
        let long = "x".repeat(70);
        assert_eq!(f("%-100s", &long).unwrap(), format!("{long:<100}").into_bytes());
        assert_eq!(f("%100s", "y").unwrap(), format!("{:>100}", "y").into_bytes());
        for bad in ["%05s", "%.2s", "%d", "%+s"] {
            assert!(f(bad, "x").is_err(), "{bad}");
        }
    }

    #[test]
    fn string_of_float_matches_ocaml() {
        let t = |x: f64| String::from_utf8(float_text(x).as_bytes().to_vec()).unwrap();
        assert_eq!(t(1.0), "1.");
        assert_eq!(t(-2.0), "-2.");
        assert_eq!(t(0.5), "0.5");
        assert_eq!(t(1e100), "1e+100");
        assert_eq!(t(1.0 / 3.0), "0.333333333333");
        assert_eq!(t(f64::INFINITY), "inf");
        assert_eq!(t(f64::NEG_INFINITY), "-inf");
        assert_eq!(t(123456789012.0), "123456789012.");
    }

    #[test]
    fn float_of_string_matches_ocaml() {
        assert_eq!(parse_float(b"1.5"), Some(1.5));
        assert_eq!(parse_float(b"-2e3"), Some(-2000.0));
        assert_eq!(parse_float(b"1_000.25"), Some(1000.25));
        assert_eq!(parse_float(b"0x1p3"), Some(8.0));
        assert_eq!(parse_float(b"3."), Some(3.0));
        assert_eq!(parse_float(b"inf"), Some(f64::INFINITY));
        assert!(parse_float(b"nan").unwrap().is_nan());
        for bad in [&b""[..], b"abc", b"1.5x", b"1.5 ", b"_", b"1\0"] {
            assert_eq!(parse_float(bad), None, "{:?}", String::from_utf8_lossy(bad));
        }
    }
}
