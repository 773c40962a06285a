//! Rules shared by every part of the grammar: names, paths, literals and spans.

use super::literal;
use super::{Extra, Rule, Tokens};
use crate::ast::{Constant, Ident, Path};
use anerisc_diag::span::{FileId, Span};
use crate::token::Token;
use chumsky::prelude::*;

/// The AST span of a parser span in `file`.
pub(crate) fn span(file: FileId, s: SimpleSpan) -> Span {
    Span::new(file, s.start..s.end)
}

/// A lowercase name.
pub(crate) fn lident<'a>(file: FileId) -> impl Parser<'a, Tokens<'a>, Ident, Extra<'a>> + Clone {
    select! { Token::LIdent(s) = e => Ident { name: s.to_string(), span: span(file, e.span()) } }.labelled("a name")
}

/// A capitalised name (constructor or module).
pub(crate) fn uident<'a>(file: FileId) -> impl Parser<'a, Tokens<'a>, Ident, Extra<'a>> + Clone {
    select! { Token::UIdent(s) = e => Ident { name: s.to_string(), span: span(file, e.span()) } }
        .labelled("a capitalised name")
}

/// Module qualifiers followed by a dot: the `A.B.` of `A.B.x` (possibly none).
pub(crate) fn qualifiers<'a>(file: FileId) -> impl Parser<'a, Tokens<'a>, Vec<Ident>, Extra<'a>> + Clone {
    uident(file).then_ignore(just(Token::Dot)).repeated().collect()
}

/// Builds a path from its qualifiers and last name.
pub(crate) fn path(modules: Vec<Ident>, name: Ident) -> Path {
    let start = modules.first().map_or(name.span, |m| m.span);
    Path { span: start.to(name.span), modules, name }
}

/// A path ending in a capitalised name: `None`, `Ast.InjL`.
pub(crate) fn constructor_path<'a>(file: FileId) -> impl Parser<'a, Tokens<'a>, Path, Extra<'a>> + Clone {
    qualifiers(file).then(uident(file)).map(|(m, n)| path(m, n))
}

/// A path built in by the parser (`::`, `[]`, `()`, `true`, ...) at `span`.
pub(crate) fn builtin_path(name: &str, span: Span) -> Path {
    Path { modules: Vec::new(), name: Ident { name: name.to_string(), span }, span }
}

/// The name of an operator token usable as a value (`( + )`, `( mod )`, `( ! )`, `( >>= )`).
pub(crate) fn operator_name<'a>(token: &Token<'a>) -> Option<&'a str> {
    use Token::*;
    Some(match token {
        InfixOp(name) => name,
        Plus | Minus | Star | Slash | PlusDot | MinusDot | StarDot | SlashDot | StarStar | Caret | At | AtAt
        | BarGreater | Equal | EqualEqual | LessGreater | BangEqual | Less | Greater | LessEqual
        | GreaterEqual | AmperAmper | BarBar | Amper | ColonEqual | Bang | TildeMinus | TildeMinusDot
        | TildePlus | TildePlusDot | Mod | Land | Lor | Lxor | Lsl | Lsr | Asr | Or => token.symbol(),
        _ => return None,
    })
}

/// `( op )`: an operator used as a value, giving its name.
pub(crate) fn operator_value<'a>(file: FileId) -> impl Parser<'a, Tokens<'a>, Ident, Extra<'a>> + Clone {
    select! { t if operator_name(&t).is_some() => operator_name(&t).unwrap_or_default() }
        .delimited_by(just(Token::LParen), just(Token::RParen))
        .map_with(move |name, e| Ident { name: name.to_string(), span: span(file, e.span()) })
}

/// A literal constant (not `()`, `true` or the other constructors).
pub(crate) fn constant<'a>() -> Rule<'a, Constant> {
    select! {
        t @ (Token::Int(_) | Token::Float(_) | Token::Char(_) | Token::String(_) | Token::QuotedString(_)) => t,
    }
        .validate(|t: Token<'a>, e, emitter| {
            let decoded = match t {
                Token::Int(text) => literal::int(text),
                Token::Float(text) => literal::float(text),
                Token::Char(text) => literal::char(text),
                Token::String(text) => literal::string(text),
                Token::QuotedString(text) => Ok(Constant::String(text.as_bytes().to_vec())),
                _ => Err(format!("{t} is not a literal")),
            };
            decoded.unwrap_or_else(|message| {
                emitter.emit(Rich::custom(e.span(), format!("{}{message}", super::error::INVALID_LITERAL)));
                Constant::Int(0)
            })
        })
        .labelled("a literal")
        .boxed()
}
