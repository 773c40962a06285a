//! Type expressions: `'a`, `int list`, `(int, string) Ast.sumTy`, `a * b -> c`.

use super::common::{lident, path, qualifiers, span};
use super::{Extra, Rule, Tokens};
use crate::ast::{Path, TypeExpr, TypeExprKind};
use anerisc_diag::span::FileId;
use crate::token::Token;
use chumsky::prelude::*;

/// A type constructor name, possibly qualified: `int`, `Ast.saddr`.
fn type_constructor<'a>(file: FileId) -> impl Parser<'a, Tokens<'a>, Path, Extra<'a>> + Clone {
    qualifiers(file).then(lident(file)).map(|(m, n)| path(m, n))
}

/// A type variable `'a`.
pub(crate) fn type_variable<'a>(file: FileId) -> impl Parser<'a, Tokens<'a>, crate::ast::Ident, Extra<'a>> + Clone {
    select! { Token::TypeVar(v) = e => crate::ast::Ident { name: v.to_string(), span: span(file, e.span()) } }
        .labelled("a type variable")
}

/// Type expressions with a rule for each level, built once and shared.
pub(crate) struct TypeRules<'a> {
    /// A whole type, arrows included.
    pub full: Rule<'a, TypeExpr>,
    /// A type applied to constructors, without `*` or `->` unless parenthesised: the
    /// arguments of a constructor declaration (`A of int list * string`).
    pub applied: Rule<'a, TypeExpr>,
}

/// Builds the type rules for `file`.
pub(crate) fn type_rules<'a>(file: FileId) -> TypeRules<'a> {
    let applied_slot = std::cell::RefCell::new(None);
    let applied_out = &applied_slot;
    let full = recursive(move |ty| {
        let var = type_variable(file).map(|v| TypeExprKind::Var(v.name));
        let any_type = just(Token::Underscore).to(TypeExprKind::Any);
        let constr = type_constructor(file).map(|p| TypeExprKind::Constr(p, Vec::new()));
        // `(t)` or `(t1, t2) constr`.
        let parenthesised = ty
            .clone()
            .separated_by(just(Token::Comma))
            .at_least(1)
            .collect::<Vec<TypeExpr>>()
            .delimited_by(just(Token::LParen), just(Token::RParen))
            .then(type_constructor(file).or_not())
            .try_map(|(mut args, constr), s| match (args.len(), constr) {
                (_, Some(c)) => Ok(TypeExprKind::Constr(c, args)),
                (1, None) => Ok(args.pop().map(|t| t.kind).unwrap_or(TypeExprKind::Any)),
                (_, None) => Err(Rich::custom(s, "a parenthesised list of types must be followed by a type constructor, as in `(int, string) sumTy`")),
            });
        let atom = choice((var, any_type, constr, parenthesised))
            .map_with(move |kind, e| TypeExpr { kind, span: span(file, e.span()) })
            .labelled("a type");
        let applied = atom
            .foldl_with(type_constructor(file).repeated(), move |arg, c, e| TypeExpr {
                kind: TypeExprKind::Constr(c, vec![arg]),
                span: span(file, e.span()),
            })
            .boxed();
        *applied_out.borrow_mut() = Some(applied.clone());
        let tuple = applied
            .separated_by(just(Token::Star))
            .at_least(1)
            .collect::<Vec<TypeExpr>>()
            .map_with(move |mut parts, e| {
                if parts.len() == 1 {
                    parts.pop().unwrap_or(TypeExpr { kind: TypeExprKind::Any, span: span(file, e.span()) })
                } else {
                    TypeExpr { kind: TypeExprKind::Tuple(parts), span: span(file, e.span()) }
                }
            });
        tuple
            .then(just(Token::Arrow).ignore_then(ty).or_not())
            .map_with(move |(from, to), e| match to {
                Some(to) => TypeExpr { kind: TypeExprKind::Arrow(Box::new(from), Box::new(to)), span: span(file, e.span()) },
                None => from,
            })
    })
    .boxed();
    let applied = applied_slot.take().unwrap_or_else(|| full.clone());
    TypeRules { full, applied }
}

/// A whole type expression.
pub(crate) fn type_expr<'a>(file: FileId) -> Rule<'a, TypeExpr> {
    type_rules(file).full
}
