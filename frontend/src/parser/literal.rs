//! Decoding of literal tokens into [`Constant`] values, with OCaml's rules.

use crate::ast::Constant;

/// The largest magnitude an `int` literal may have: `max_int + 1`, allowed only under a
/// unary minus (where it is `min_int`).
pub(crate) const INT_LIMIT: i64 = 1 << 62;

/// Decodes an integer literal (`1_000`, `0xff`, `0o17`, `0b101`). Decimal literals up to
/// [`INT_LIMIT`] are accepted; `0x`/`0o`/`0b` literals may use all 63 bits and wrap, as in OCaml.
pub(crate) fn int(text: &str) -> Result<Constant, String> {
    let digits: String = text.chars().filter(|c| *c != '_').collect();
    let (radix, body) = match digits.get(..2) {
        Some("0x" | "0X") => (16, &digits[2..]),
        Some("0o" | "0O") => (8, &digits[2..]),
        Some("0b" | "0B") => (2, &digits[2..]),
        _ => (10, digits.as_str()),
    };
    let too_big = || format!("integer literal `{text}` exceeds the range of `int` ({} to {})", -INT_LIMIT, INT_LIMIT - 1);
    let value = u64::from_str_radix(body, radix).map_err(|_| too_big())?;
    if radix == 10 {
        if value > INT_LIMIT as u64 {
            return Err(too_big());
        }
        Ok(Constant::Int(value as i64))
    } else if value >= 1 << 63 {
        Err(too_big())
    } else {
        // Bit 62 is the sign bit of a 63-bit int.
        Ok(Constant::Int(((value << 1) as i64) >> 1))
    }
}

/// Decodes a float literal.
pub(crate) fn float(text: &str) -> Result<Constant, String> {
    let digits: String = text.chars().filter(|c| *c != '_').collect();
    digits.parse::<f64>().map(Constant::Float).map_err(|_| format!("`{text}` is not a valid float literal"))
}

/// Decodes a character literal, quotes included.
pub(crate) fn char(text: &str) -> Result<Constant, String> {
    let body = &text.as_bytes()[1..text.len() - 1];
    let bytes = if body.first() == Some(&b'\\') { escape(body)?.0 } else { body.to_vec() };
    match bytes.as_slice() {
        [b] => Ok(Constant::Char(*b)),
        _ => Err(format!("character literal {text} is not a single byte (OCaml's `char` is one byte; use a string)")),
    }
}

/// Decodes a `"..."` string literal, quotes included, applying OCaml's escapes.
pub(crate) fn string(text: &str) -> Result<Constant, String> {
    let body = &text.as_bytes()[1..text.len() - 1];
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if body[i] == b'\\' {
            let (bytes, used) = escape(&body[i..])?;
            out.extend_from_slice(&bytes);
            i += used;
        } else {
            out.push(body[i]);
            i += 1;
        }
    }
    Ok(Constant::String(out))
}

/// Decodes the escape sequence at the start of `s` (which starts with a backslash); returns
/// the bytes it stands for and how many source bytes it used.
fn escape(s: &[u8]) -> Result<(Vec<u8>, usize), String> {
    let digits = |from: usize, len: usize, radix: u32| -> Result<u32, String> {
        let text = s.get(from..from + len).and_then(|d| std::str::from_utf8(d).ok()).unwrap_or("");
        u32::from_str_radix(text, radix).map_err(|_| format!("invalid escape `{}`", String::from_utf8_lossy(&s[..(from + len).min(s.len())])))
    };
    let byte = |value: u32, used: usize| -> Result<(Vec<u8>, usize), String> {
        u8::try_from(value).map(|b| (vec![b], used)).map_err(|_| format!("escape `{}` is out of range (at most 255)", String::from_utf8_lossy(&s[..used])))
    };
    match s.get(1) {
        Some(b'n') => Ok((vec![b'\n'], 2)),
        Some(b't') => Ok((vec![b'\t'], 2)),
        Some(b'b') => Ok((vec![8], 2)),
        Some(b'r') => Ok((vec![b'\r'], 2)),
        Some(b' ') => Ok((vec![b' '], 2)),
        Some(c @ (b'\\' | b'"' | b'\'')) => Ok((vec![*c], 2)),
        Some(b'0'..=b'9') => byte(digits(1, 3, 10)?, 4),
        Some(b'x') => byte(digits(2, 2, 16)?, 4),
        Some(b'o') => byte(digits(2, 3, 8)?, 5),
        Some(b'u') if s.get(2) == Some(&b'{') => {
            let close = s.iter().position(|b| *b == b'}').ok_or("unterminated `\\u{` escape")?;
            let code = digits(3, close - 3, 16)?;
            let c = char::from_u32(code).ok_or(format!("`\\u{{{code:x}}}` is not a Unicode scalar value"))?;
            Ok((c.to_string().into_bytes(), close + 1))
        }
        Some(b'\n') => {
            let blanks = s[2..].iter().take_while(|b| **b == b' ' || **b == b'\t').count();
            Ok((Vec::new(), 2 + blanks))
        }
        Some(b'\r') if s.get(2) == Some(&b'\n') => {
            let blanks = s[3..].iter().take_while(|b| **b == b' ' || **b == b'\t').count();
            Ok((Vec::new(), 3 + blanks))
        }
        // OCaml keeps an unknown escape as written (with a warning).
        _ => Ok((vec![b'\\'], 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_in_every_radix_and_their_limit() {
        assert_eq!(int("1_000"), Ok(Constant::Int(1000)));
        assert_eq!(int("0xff"), Ok(Constant::Int(255)));
        assert_eq!(int("0o17"), Ok(Constant::Int(15)));
        assert_eq!(int("0b101"), Ok(Constant::Int(5)));
        assert_eq!(int("4611686018427387904"), Ok(Constant::Int(INT_LIMIT)));
        assert!(int("4611686018427387905").is_err());
        assert_eq!(int("0x7fffffffffffffff"), Ok(Constant::Int(-1)));
    }

    #[test]
    fn string_escapes() {
        assert_eq!(string(r#""a\n\t\\\"\065\x41\o101\u{e9}""#), Ok(Constant::String(b"a\n\t\\\"AAA\xc3\xa9".to_vec())));
        assert_eq!(string("\"a\\\n   b\""), Ok(Constant::String(b"ab".to_vec())));
        assert!(string(r#""\999""#).is_err());
    }

    #[test]
    fn chars() {
        assert_eq!(char("'a'"), Ok(Constant::Char(b'a')));
        assert_eq!(char(r"'\n'"), Ok(Constant::Char(b'\n')));
        assert_eq!(char(r"'\''"), Ok(Constant::Char(b'\'')));
        assert!(char("'é'").is_err());
    }

    #[test]
    fn floats() {
        assert_eq!(float("1."), Ok(Constant::Float(1.0)));
        assert_eq!(float("1_0.5e1"), Ok(Constant::Float(105.0)));
    }
}
