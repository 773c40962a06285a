//! Checks made on the token stream before parsing: constructs the subset does not support,
//! and delimiters that are never closed. Both give better errors than a parser could once it
//! is lost.

use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::Diagnostic;
use anerisc_diag::span::Span;
use crate::token::Token;

/// The E0103 diagnostics for tokens that only appear in unsupported constructs.
/// Each construct is reported once, where it first appears.
pub(crate) fn unsupported(tokens: &[(Token<'_>, Span)]) -> Vec<Diagnostic> {
    let mut reported = Vec::new();
    tokens
        .iter()
        .filter_map(|(token, span)| {
            let (what, help) = unsupported_construct(token)?;
            if reported.contains(&what) {
                return None;
            }
            reported.push(what);
            Some(
                Diagnostic::new(Code::NotSupported, format!("not supported yet: {what}"), *span)
                    .with_label(format!("{token} is not part of the subset anerisc compiles"))
                    .with_help(help),
            )
        })
        .collect()
}

/// What construct `token` starts, and how to do without it; `None` for supported tokens.
fn unsupported_construct(token: &Token<'_>) -> Option<(&'static str, &'static str)> {
    Some(match token {
        Token::Unsupported("module" | "functor" | "struct" | "sig" | "include") => {
            ("modules, signatures and functors", "one file is one module; put the code in its own `.ml` file and refer to it as `File.name`")
        }
        Token::Unsupported("class" | "object" | "method" | "new" | "inherit" | "initializer" | "virtual" | "private" | "constraint") => {
            ("objects and classes", "use records of functions and variants instead")
        }
        Token::Unsupported("lazy") => ("lazy values", "use a function `fun () -> ...` and call it"),
        Token::Unsupported("mutable") => ("mutable record fields", "make the field a `ref` and update it with `:=`"),
        Token::Unsupported("nonrec") => ("`type nonrec`", "rename the type instead of shadowing it"),
        Token::Unsupported(_) => ("this keyword", "remove it"),
        Token::Tilde => ("labelled arguments", "pass the argument by position"),
        Token::Question => ("optional arguments", "pass an `option` by position"),
        Token::Backquote => ("polymorphic variants", "declare a variant type with `type t = A | B`"),
        Token::Hash => ("`#` (method calls and directives)", "remove it"),
        Token::LeftArrow => ("assignment with `<-`", "mutable fields and arrays cannot be updated; use a `ref` and `:=`"),
        Token::LBracketBar | Token::BarRBracket => ("array literals", "use a list, or `Sys.argv` for the command line"),
        Token::LBracketPercent | Token::LBracketPercentPercent => ("extension nodes `[%...]`", "remove the extension"),
        Token::ColonGreater => ("coercions `:>`", "use a type annotation `(e : t)`"),
        _ => return None,
    })
}

/// The token that closes `open`, for tokens that open a delimited group.
fn closer(open: &Token<'_>) -> Option<Token<'static>> {
    Some(match open {
        Token::LParen => Token::RParen,
        Token::LBracket | Token::LBracketAt | Token::LBracketAtAt | Token::LBracketAtAtAt => Token::RBracket,
        Token::LBrace => Token::RBrace,
        Token::Begin => Token::End,
        Token::Do => Token::Done,
        _ => return None,
    })
}

/// True for tokens that close a delimited group.
fn is_closer(token: &Token<'_>) -> bool {
    matches!(token, Token::RParen | Token::RBracket | Token::RBrace | Token::End | Token::Done)
}

/// The E0102 diagnostic for the first delimiter that is never closed (or closed by the
/// wrong token), if any. `end_of_input` is where the text ends.
pub(crate) fn unclosed_delimiter(tokens: &[(Token<'_>, Span)], end_of_input: Span) -> Option<Diagnostic> {
    let mut open: Vec<(Token<'_>, Span)> = Vec::new();
    for (token, span) in tokens {
        if closer(token).is_some() {
            open.push((*token, *span));
        } else if is_closer(token) {
            match open.last() {
                Some((opener, _)) if closer(opener) == Some(*token) => {
                    open.pop();
                }
                Some((opener, opened)) => {
                    let expected = closer(opener).map(|t| t.symbol()).unwrap_or_default();
                    return Some(
                        Diagnostic::new(Code::UnclosedDelimiter, format!("unclosed `{}`", opener.symbol()), *opened)
                            .with_label(format!("this `{}` is never closed", opener.symbol()))
                            .with_secondary(*span, format!("`{expected}` expected before this {token}"))
                            .with_help(format!("add `{expected}` where the group should end")),
                    );
                }
                None => {
                    return Some(
                        Diagnostic::new(Code::UnexpectedToken, format!("unexpected {token}"), *span)
                            .with_label("nothing is open here for it to close")
                            .with_help("remove it, or add the opening delimiter it belongs to"),
                    )
                }
            }
        }
    }
    let (opener, opened) = open.pop()?;
    let expected = closer(&opener).map(|t| t.symbol()).unwrap_or_default();
    Some(
        Diagnostic::new(Code::UnclosedDelimiter, format!("unclosed `{}`", opener.symbol()), opened)
            .with_label(format!("this `{}` is never closed", opener.symbol()))
            .with_secondary(end_of_input, "the file ends here")
            .with_help(format!("add `{expected}` where the group should end")),
    )
}
