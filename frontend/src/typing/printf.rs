//! `Printf.printf`, `eprintf` and `sprintf` applied to a literal format: the format's
//! conversions give the function's parameter types (stdlib/mli/README.md).

use super::checker::Checker;
use super::decls::DeclId;
use super::types::TypeId;
use crate::ast::Expr;
use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::Diagnostic;
use anerisc_diag::span::Span;
use crate::typed::{FormatPiece, PrintfKind, TExpr, TExprKind};

/// Why a format is rejected: the message and the byte offset of the bad directive.
#[derive(Debug, Clone, PartialEq)]
pub struct FormatError {
    /// What is wrong.
    pub message: String,
    /// Offset of the `%` that starts the directive, in the format's bytes.
    pub offset: usize,
}

/// Splits a format into text and conversions.
pub fn parse_format(fmt: &[u8]) -> Result<Vec<FormatPiece>, FormatError> {
    let mut pieces = Vec::new();
    let mut text = Vec::new();
    let mut i = 0;
    while i < fmt.len() {
        let c = fmt[i];
        if c == b'@' {
            // Format's `@` directives print as text in Printf.
            text.push(c);
            i += 1;
            continue;
        }
        if c != b'%' {
            text.push(c);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let err = |message: String| FormatError { message, offset: start };
        match fmt.get(i) {
            None => return Err(err("the format ends in the middle of a `%` directive".into())),
            Some(b'%') => {
                text.push(b'%');
                i += 1;
                continue;
            }
            Some(b'!') => {
                if !text.is_empty() {
                    pieces.push(FormatPiece::Text(std::mem::take(&mut text)));
                }
                pieces.push(FormatPiece::Flush);
                i += 1;
                continue;
            }
            _ => {}
        }
        let mut flags = String::new();
        while let Some(&f) = fmt.get(i).filter(|f| b"-0+ #".contains(f)) {
            flags.push(f as char);
            i += 1;
        }
        let number = |i: &mut usize| -> Option<usize> {
            let s = *i;
            while fmt.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            std::str::from_utf8(&fmt[s..*i]).ok().and_then(|d| d.parse().ok())
        };
        if fmt.get(i) == Some(&b'*') {
            return Err(err("not supported yet: `*` widths and precisions in formats".into()));
        }
        let width = number(&mut i);
        let mut precision = None;
        if fmt.get(i) == Some(&b'.') {
            i += 1;
            if fmt.get(i) == Some(&b'*') {
                return Err(err("not supported yet: `*` widths and precisions in formats".into()));
            }
            precision = Some(number(&mut i).unwrap_or(0));
        }
        let Some(&conv) = fmt.get(i) else { return Err(err("the format ends in the middle of a `%` directive".into())) };
        i += 1;
        if !b"diuxXosScfFeEgGbB".contains(&conv) {
            let shown = (conv as char).to_string();
            return Err(err(if b"atrn".contains(&conv) {
                format!("not supported yet: the `%{shown}` conversion")
            } else {
                format!("`%{shown}` is not a valid conversion")
            }));
        }
        if !text.is_empty() {
            pieces.push(FormatPiece::Text(std::mem::take(&mut text)));
        }
        pieces.push(FormatPiece::Conversion { conv: conv as char, flags, width, precision });
    }
    if !text.is_empty() {
        pieces.push(FormatPiece::Text(text));
    }
    Ok(pieces)
}

impl Checker<'_> {
    /// Types an argument given to a format's conversion, reporting a mismatch as E0306.
    pub fn type_format_argument(&mut self, arg: &Expr, param: TypeId, fmt_span: Span) -> TExpr {
        let t = self.infer(arg);
        if self.try_unify(t.ty, param).is_err() {
            let (a, b) = self.show_pair(t.ty, param);
            self.error(
                Diagnostic::new(Code::BadFormat, format!("this argument has type {a} but the format expects {b} here"), arg.span)
                    .with_label(format!("this has type {a}"))
                    .with_secondary(fmt_span, format!("this format's conversion takes {b}")),
            );
        }
        t
    }

    fn conversion_type(&self, conv: char) -> DeclId {
        match conv {
            's' | 'S' => self.builtins.string,
            'c' => self.builtins.char,
            'f' | 'F' | 'e' | 'E' | 'g' | 'G' => self.builtins.float,
            'b' | 'B' => self.builtins.bool,
            _ => self.builtins.int,
        }
    }

    /// Types `Printf.xxx "fmt"` (the function `f` applied to the literal at `fmt_span`).
    pub fn type_printf(&mut self, f: &Expr, kind: PrintfKind, fmt: &[u8], fmt_span: Span) -> TExpr {
        let pieces = match parse_format(fmt) {
            Ok(p) => p,
            Err(e) => {
                self.error(
                    Diagnostic::new(Code::BadFormat, format!("bad format string: {}", e.message), fmt_span)
                        .with_label("in this format"),
                );
                let v = self.store.var();
                return TExpr { kind: TExprKind::Printf(kind, Vec::new()), ty: v, span: f.span.to(fmt_span), attrs: f.attrs.clone() };
            }
        };
        let mut t = match kind {
            PrintfKind::Sprintf => self.string(),
            PrintfKind::Printf | PrintfKind::Eprintf => self.unit(),
        };
        let convs: Vec<char> = pieces
            .iter()
            .filter_map(|p| match p {
                FormatPiece::Conversion { conv, .. } => Some(*conv),
                _ => None,
            })
            .collect();
        for c in convs.iter().rev() {
            let a = self.con(self.conversion_type(*c), vec![]);
            t = self.arrow(a, t);
        }
        TExpr { kind: TExprKind::Printf(kind, pieces), ty: t, span: f.span.to(fmt_span), attrs: f.attrs.clone() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convs(fmt: &str) -> Vec<char> {
        parse_format(fmt.as_bytes())
            .unwrap()
            .into_iter()
            .filter_map(|p| match p {
                FormatPiece::Conversion { conv, .. } => Some(conv),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn conversions_with_flags_widths_and_precisions() {
        assert_eq!(convs("%-10s|%5d|%8.3f\n"), vec!['s', 'd', 'f']);
        assert_eq!(convs("%d%%"), vec!['d']);
        assert_eq!(convs("0x%x %c. %b %g %i"), vec!['x', 'c', 'b', 'g', 'i']);
        let p = parse_format(b"%08.3f").unwrap();
        assert_eq!(p, vec![FormatPiece::Conversion { conv: 'f', flags: "0".into(), width: Some(8), precision: Some(3) }]);
    }

    #[test]
    fn unsupported_and_invalid_directives_are_errors() {
        assert!(parse_format(b"%a").unwrap_err().message.contains("not supported yet"));
        assert!(parse_format(b"%*d").unwrap_err().message.contains("not supported yet"));
        assert!(parse_format(b"%y").unwrap_err().message.contains("not a valid"));
        assert_eq!(parse_format(b"ab %").unwrap_err().offset, 3);
    }
}
