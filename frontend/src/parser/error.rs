//! Turns chumsky's errors into E0101 (unexpected token) and E0004 (invalid literal)
//! diagnostics.

use super::common::span;
use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::Diagnostic;
use anerisc_diag::span::FileId;
use crate::token::Token;
use chumsky::error::{Rich, RichPattern, RichReason};
use chumsky::span::SimpleSpan;

/// Prefix of a custom error message that reports an invalid literal (E0004) rather than a
/// syntax error.
pub(crate) const INVALID_LITERAL: &str = "invalid literal: ";

/// The diagnostic for one parse error in `file`.
pub(crate) fn diagnostic(file: FileId, error: Rich<'_, Token<'_>, SimpleSpan>) -> Diagnostic {
    let at = span(file, *error.span());
    match error.reason() {
        RichReason::Custom(message) => match message.strip_prefix(INVALID_LITERAL) {
            Some(message) => Diagnostic::new(Code::InvalidLiteral, message.to_string(), at).with_label("invalid literal"),
            None => Diagnostic::new(Code::UnexpectedToken, message.clone(), at).with_label("here"),
        },
        RichReason::ExpectedFound { expected, found } => {
            let found_text = match found.as_deref() {
                Some(token) => token.to_string(),
                None => "end of file".to_string(),
            };
            let mut wanted: Vec<String> = expected.iter().filter_map(describe).collect();
            wanted.sort();
            wanted.dedup();
            let d = Diagnostic::new(Code::UnexpectedToken, format!("unexpected {found_text}"), at);
            let d = match wanted.len() {
                0 => d.with_label("the text cannot continue like this"),
                1..=10 => d.with_label(format!("expected {}", one_of(&wanted))),
                _ => d.with_label(format!("expected {}, or another of {} possibilities", one_of(&wanted[..8]), wanted.len() - 8)),
            };
            match hint(found.as_deref()) {
                Some(help) => d.with_help(help),
                None => d,
            }
        }
    }
}

/// How an expected pattern reads in a message.
fn describe(pattern: &RichPattern<'_, Token<'_>>) -> Option<String> {
    match pattern {
        RichPattern::Token(token) => Some(token.to_string()),
        RichPattern::Label(label) => Some(label.to_string()),
        RichPattern::Identifier(name) => Some(format!("`{name}`")),
        RichPattern::EndOfInput => Some("end of file".to_string()),
        _ => None,
    }
}

/// `a`, `a or b`, `a, b or c`.
fn one_of(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// Advice for common mistakes, keyed on the unexpected token.
fn hint(found: Option<&Token<'_>>) -> Option<&'static str> {
    Some(match found? {
        Token::In => "a `let ... in` inside an expression needs a body after `in`; at the top level write `let x = ...` without `in`",
        Token::Else => "`else` must follow `if condition then expression`: check that `then` is there, and put a `then` branch that is a sequence in parentheses",
        Token::Done => "the loop body is empty or ends early; `while c do ... done` needs a body",
        Token::RParen | Token::RBracket | Token::RBrace => "something is missing before this closing delimiter",
        Token::SemiSemi => "`;;` may only separate top-level items",
        _ => return None,
    })
}
