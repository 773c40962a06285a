//! Patterns: `_`, `x`, literals, `(p : t)`, tuples, constructors, lists, records, `as`, `|`.

use super::common::{builtin_path, constant, constructor_path, lident, operator_value, path, qualifiers, span};
use super::{Rule, Tokens, Extra};
use crate::ast::{Constant, Ident, Path, Pattern, PatternKind, TypeExpr};
use anerisc_diag::span::{FileId, Span};
use crate::token::Token;
use chumsky::prelude::*;

/// Pattern rules: the simple ones (function parameters) and the full ones.
pub(crate) struct PatternRules<'a> {
    /// A pattern that needs no parentheses as a function parameter.
    pub simple: Rule<'a, Pattern>,
    /// A whole pattern, with `as`, `|`, `,` and `::`.
    pub full: Rule<'a, Pattern>,
}

/// `kind` at `span`.
fn pat(kind: PatternKind, span: Span) -> Pattern {
    Pattern { kind, span }
}

/// A list pattern `[p1; ...; pn]` built from `::` and `[]`, ending at `end`.
fn list_pattern(items: Vec<Pattern>, whole: Span) -> Pattern {
    let end = Span { start: whole.end.saturating_sub(1), ..whole };
    items.into_iter().rev().fold(pat(PatternKind::Construct(builtin_path("[]", end), None), end), |tail, head| {
        let span = head.span.to(whole);
        let pair = pat(PatternKind::Tuple(vec![head, tail]), span);
        pat(PatternKind::Construct(builtin_path("::", span), Some(Box::new(pair))), span)
    })
}

/// A negative number pattern `-1` / `-1.5`.
fn negated(c: Constant) -> Constant {
    match c {
        Constant::Int(n) => Constant::Int(n.wrapping_neg()),
        Constant::Float(f) => Constant::Float(-f),
        other => other,
    }
}

/// Builds the pattern rules for `file`, using `ty` for annotations.
pub(crate) fn pattern_rules<'a>(file: FileId, ty: Rule<'a, TypeExpr>) -> PatternRules<'a> {
    let simple_slot = std::cell::RefCell::new(None);
    let simple_out = &simple_slot;
    let full = recursive(move |full: Recursive<dyn Parser<'a, Tokens<'a>, Pattern, Extra<'a>> + 'a>| {
        let any_pat = just(Token::Underscore).to(PatternKind::Any);
        let var = lident(file).or(operator_value(file)).map(PatternKind::Var);
        let literal = just(Token::Minus)
            .or_not()
            .then(constant())
            .map(|(minus, c)| PatternKind::Const(if minus.is_some() { negated(c) } else { c }));
        let keyword_constructor = select! {
            Token::True => "true",
            Token::False => "false",
        }
        .map_with(move |name, e| PatternKind::Construct(builtin_path(name, span(file, e.span())), None));
        let unit = just(Token::LParen)
            .then(just(Token::RParen))
            .map_with(move |_, e| PatternKind::Construct(builtin_path("()", span(file, e.span())), None));
        let nil = just(Token::LBracket)
            .then(just(Token::RBracket))
            .map_with(move |_, e| PatternKind::Construct(builtin_path("[]", span(file, e.span())), None));
        let constr = constructor_path(file).map(|p| PatternKind::Construct(p, None));
        let parenthesised = full
            .clone()
            .then(just(Token::Colon).ignore_then(ty.clone()).or_not())
            .delimited_by(just(Token::LParen), just(Token::RParen))
            .map(|(p, t): (Pattern, Option<TypeExpr>)| match t {
                Some(t) => PatternKind::Constraint(Box::new(p), t),
                None => p.kind,
            });
        let list = full
            .clone()
            .separated_by(just(Token::Semi))
            .allow_trailing()
            .at_least(1)
            .collect::<Vec<Pattern>>()
            .delimited_by(just(Token::LBracket), just(Token::RBracket))
            .map_with(move |items, e| list_pattern(items, span(file, e.span())).kind);
        let field = qualifiers(file)
            .then(lident(file))
            .then(just(Token::Equal).ignore_then(full.clone()).or_not())
            .map(|((modules, name), value): ((Vec<Ident>, Ident), Option<Pattern>)| {
                let value = value.unwrap_or_else(|| pat(PatternKind::Var(name.clone()), name.span));
                (path(modules, name), value)
            });
        let record = field
            .separated_by(just(Token::Semi))
            .at_least(1)
            .collect::<Vec<(Path, Pattern)>>()
            .then(just(Token::Semi).ignore_then(just(Token::Underscore)).or_not())
            .then_ignore(just(Token::Semi).or_not())
            .delimited_by(just(Token::LBrace), just(Token::RBrace))
            .map(|(fields, open)| PatternKind::Record(fields, open.is_some()));
        let simple = choice((any_pat, var, literal, keyword_constructor, unit, nil, constr, parenthesised, list, record))
            .map_with(move |kind, e| pat(kind, span(file, e.span())))
            .labelled("a pattern")
            .boxed();
        *simple_out.borrow_mut() = Some(simple.clone());
        let applied = constructor_path(file)
            .then(simple.clone())
            .map_with(move |(c, arg), e| pat(PatternKind::Construct(c, Some(Box::new(arg))), span(file, e.span())))
            .or(simple);
        let cons = applied.separated_by(just(Token::ColonColon)).at_least(1).collect::<Vec<Pattern>>().map(|mut parts| {
            let mut tail = parts.pop().expect("at least one pattern");
            while let Some(head) = parts.pop() {
                let whole = head.span.to(tail.span);
                let pair = pat(PatternKind::Tuple(vec![head, tail]), whole);
                tail = pat(PatternKind::Construct(builtin_path("::", whole), Some(Box::new(pair))), whole);
            }
            tail
        });
        let tuple = cons
            .separated_by(just(Token::Comma))
            .at_least(1)
            .collect::<Vec<Pattern>>()
            .map_with(move |mut parts, e| {
                if parts.len() == 1 {
                    parts.remove(0)
                } else {
                    pat(PatternKind::Tuple(parts), span(file, e.span()))
                }
            });
        let or = tuple.clone().foldl(just(Token::Bar).ignore_then(tuple).repeated(), |l: Pattern, r: Pattern| {
            let whole = l.span.to(r.span);
            pat(PatternKind::Or(Box::new(l), Box::new(r)), whole)
        });
        or.foldl_with(just(Token::As).ignore_then(lident(file)).repeated(), move |p, name, e| {
            pat(PatternKind::Alias(Box::new(p), name), span(file, e.span()))
        })
        .boxed()
    })
    .boxed();
    let simple = simple_slot.take().unwrap_or_else(|| full.clone());
    PatternRules { simple, full }
}
