//! The parser: tokens to the AST of [`crate::ast`], with chumsky.
//!
//! Parsing runs in three steps: [`crate::lexer::lex`], the checks of [`prescan`]
//! (unsupported constructs, unclosed delimiters), then the chumsky grammar of the
//! submodules: [`types`], [`pattern`], [`expr`] and [`item`].

mod common;
mod error;
mod expr;
mod int_range;
mod item;
mod literal;
mod pattern;
mod prescan;
mod protocol;
mod types;

use crate::ast;
use anerisc_diag::diagnostic::Diagnostic;
use crate::lexer::lex;
use anerisc_diag::span::{FileId, Span};
use crate::token::Token;
use chumsky::input::{Input as _, MappedInput};
use chumsky::prelude::*;

/// The parser's input: tokens with byte spans (absolute offsets in their file).
pub(crate) type Tokens<'a> = MappedInput<'a, Token<'a>, SimpleSpan, &'a [(Token<'a>, SimpleSpan)]>;
/// Parser state and error type shared by every rule.
pub(crate) type Extra<'a> = extra::Err<Rich<'a, Token<'a>, SimpleSpan>>;
/// A boxed grammar rule producing `O`.
pub(crate) type Rule<'a, O> = Boxed<'a, 'a, Tokens<'a>, O, Extra<'a>>;

/// Parses an implementation (`.ml`): a list of items.
pub fn parse_implementation(file: FileId, src: &str) -> Result<ast::Module, Vec<Diagnostic>> {
    let (tokens, eoi) = prepare(file, src, 0)?;
    let module = run(item::implementation(file), &tokens, eoi, file)?;
    let out_of_range = int_range::unnegated_int_limit(&module);
    if out_of_range.is_empty() { Ok(module) } else { Err(out_of_range) }
}

/// Parses an interface (`.mli`): `val`, `type`, `exception`, `open` and `external` items.
pub fn parse_interface(file: FileId, src: &str) -> Result<ast::Module, Vec<Diagnostic>> {
    let (tokens, eoi) = prepare(file, src, 0)?;
    run(item::interface(file), &tokens, eoi, file)
}

/// Parses one expression that starts at byte `base` of `file` (protocol predicates, which are
/// written inside attribute strings).
pub fn parse_expression(file: FileId, src: &str, base: usize) -> Result<ast::Expr, Vec<Diagnostic>> {
    let (tokens, eoi) = prepare(file, src, base)?;
    let e = run(expr::expr(file).then_ignore(end()).boxed(), &tokens, eoi, file)?;
    let out_of_range = int_range::unnegated_int_limit_in_expr(&e);
    if out_of_range.is_empty() { Ok(e) } else { Err(out_of_range) }
}

/// Parses one type expression that starts at byte `base` of `file`.
pub fn parse_type(file: FileId, src: &str, base: usize) -> Result<ast::TypeExpr, Vec<Diagnostic>> {
    let (tokens, eoi) = prepare(file, src, base)?;
    run(types::type_expr(file).then_ignore(end()).boxed(), &tokens, eoi, file)
}

/// Parses the declarations of a `[@@@protocol]` attribute whose text starts at byte `base`
/// of `file`. Syntax errors are reported as E0401.
pub fn parse_protocol_declarations(
    file: FileId,
    src: &str,
    base: usize,
) -> Result<Vec<crate::protocol::syntax::ProtocolDecl>, Vec<Diagnostic>> {
    let as_protocol_error = |mut errors: Vec<Diagnostic>| {
        for d in &mut errors {
            if d.code == anerisc_diag::codes::Code::UnexpectedToken {
                d.code = anerisc_diag::codes::Code::ProtocolSyntax;
                d.message = format!("in this protocol: {}", d.message);
                d.help = Some("a protocol is `!(x : t) {pred}. P` (send), `?(x : t) {pred}. P` (receive), `mu X. P`, `X`, `end` or the name of an earlier protocol".into());
            }
        }
        errors
    };
    let (tokens, lex_errors) = lex(file, src, base);
    if !lex_errors.is_empty() {
        return Err(lex_errors);
    }
    // No delimiter pre-check here: `end` ends a protocol rather than closing a `begin`.
    let end_of_input = Span::new(file, base + src.len()..base + src.len());
    let spanned: Vec<_> = tokens.iter().map(|(t, s)| (*t, SimpleSpan::from(s.range()))).collect();
    run(protocol::declarations(file), &spanned, SimpleSpan::from(end_of_input.range()), file)
        .map_err(as_protocol_error)
}

/// Lexes `src` and runs the pre-parse checks; returns the tokens in the parser's form and
/// the span of the end of input.
fn prepare(file: FileId, src: &str, base: usize) -> Result<(Vec<(Token<'_>, SimpleSpan)>, SimpleSpan), Vec<Diagnostic>> {
    let (tokens, lex_errors) = lex(file, src, base);
    if !lex_errors.is_empty() {
        return Err(lex_errors);
    }
    let unsupported = prescan::unsupported(&tokens);
    if !unsupported.is_empty() {
        return Err(unsupported);
    }
    let end_of_input = Span::new(file, base + src.len()..base + src.len());
    if let Some(unclosed) = prescan::unclosed_delimiter(&tokens, end_of_input) {
        return Err(vec![unclosed]);
    }
    let spanned = tokens.iter().map(|(t, s)| (*t, SimpleSpan::from(s.range()))).collect();
    Ok((spanned, SimpleSpan::from(end_of_input.range())))
}

/// Runs `rule` over `tokens`; on failure returns the first error as a diagnostic.
fn run<'a, O>(rule: Rule<'a, O>, tokens: &'a [(Token<'a>, SimpleSpan)], eoi: SimpleSpan, file: FileId) -> Result<O, Vec<Diagnostic>> {
    rule.parse(tokens.split_token_span(eoi)).into_result().map_err(|errors| {
        errors.into_iter().take(1).map(|e| error::diagnostic(file, e)).collect()
    })
}

#[cfg(test)]
mod tests;
