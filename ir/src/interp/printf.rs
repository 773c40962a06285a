//! `Printf` with a literal format, and OCaml's number-to-text conversions (through the
//! runtime crate's formatting, which uses the C library as OCaml's runtime does).

use super::value::Value;
use super::{Interp, Unwind, R};
use anerisc_frontend::typed::{FormatPiece, PrintfKind};
use anerisc_runtime::format::{format_float_bytes, format_int_bytes};
use std::sync::Arc;

/// `string_of_float x`.
pub fn string_of_float(x: f64) -> Vec<u8> {
    format_float_bytes(b"%F", x).map(|t| t.as_bytes().to_vec()).unwrap_or_default()
}

/// `string_of_int`-style conversion with a C format (`%d`, `%5x`...).
fn int_text(spec: &str, n: i64) -> Vec<u8> {
    format_int_bytes(spec.as_bytes(), anerisc_runtime::value::Value::of_int(n)).map(|t| t.as_bytes().to_vec()).unwrap_or_default()
}

fn pad(text: Vec<u8>, flags: &str, width: Option<usize>) -> Vec<u8> {
    let Some(w) = width else { return text };
    if text.len() >= w {
        return text;
    }
    let fill = vec![b' '; w - text.len()];
    if flags.contains('-') {
        [text, fill].concat()
    } else {
        [fill, text].concat()
    }
}

impl Interp {
    /// Formats `args` by `pieces`; prints (printf, eprintf) or returns the string (sprintf).
    pub(super) fn printf(self: &Arc<Self>, kind: PrintfKind, pieces: &[FormatPiece], args: Vec<Value>) -> R<Value> {
        let mut out = Vec::new();
        let mut args = args.into_iter();
        let mut flush = false;
        for p in pieces {
            match p {
                FormatPiece::Text(t) => out.extend_from_slice(t),
                FormatPiece::Flush => flush = true,
                FormatPiece::Conversion { conv, flags, width, precision } => {
                    let arg = args.next().ok_or_else(|| Unwind::Fatal("internal error: printf without its argument".into()))?;
                    let mut spec = format!("%{flags}");
                    if let Some(w) = width {
                        spec.push_str(&w.to_string());
                    }
                    if let Some(p) = precision {
                        spec.push_str(&format!(".{p}"));
                    }
                    spec.push(*conv);
                    let text = match (conv, &arg) {
                        ('d' | 'i' | 'x' | 'X' | 'o' | 'u', Value::Int(n)) => int_text(&spec, *n),
                        ('f' | 'e' | 'E' | 'g' | 'G' | 'F', Value::Float(x)) => format_float_bytes(spec.as_bytes(), *x).map(|t| t.as_bytes().to_vec()).unwrap_or_default(),
                        ('s', Value::Str(s)) => pad(s.to_vec(), flags, *width),
                        ('c', Value::Int(c)) => pad(vec![*c as u8], flags, *width),
                        ('b' | 'B', Value::Int(b)) => pad(if *b != 0 { b"true".to_vec() } else { b"false".to_vec() }, flags, *width),
                        _ => return Err(Unwind::Fatal(format!("error: not supported yet: the printf conversion %{conv}"))),
                    };
                    out.extend_from_slice(&text);
                }
            }
        }
        Ok(match kind {
            PrintfKind::Printf => {
                self.out.out(&out, flush);
                Value::UNIT
            }
            PrintfKind::Eprintf => {
                self.out.err(&out);
                Value::UNIT
            }
            PrintfKind::Sprintf => Value::str(out),
        })
    }
}
