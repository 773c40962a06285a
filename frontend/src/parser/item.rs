//! Items: the top level of implementations (`let`, `type`, `exception`, `open`, floating
//! attributes, expressions after `;;`) and of interfaces (`val`, `external`, ...).

use super::common::{constructor_path, lident, operator_value, span, uident};
use super::expr::{expr_rules, mk, ExprRules};
use super::types::type_variable;
use super::Rule;
use crate::ast::{ConstructorDecl, ExprKind, FieldDecl, Ident, Item, ItemKind, Module, TypeDecl, TypeDeclKind, TypeExpr};
use anerisc_diag::span::FileId;
use crate::token::Token;
use chumsky::prelude::*;

/// The rules every kind of file shares: type declarations, exceptions, `open`, attributes.
fn declarations<'a>(file: FileId, rules: &ExprRules<'a>) -> Rule<'a, ItemKind> {
    let sp = move |s: SimpleSpan| span(file, s);
    let params = type_variable(file)
        .map(|v| vec![v])
        .or(type_variable(file)
            .separated_by(just(Token::Comma))
            .at_least(1)
            .collect::<Vec<Ident>>()
            .delimited_by(just(Token::LParen), just(Token::RParen)))
        .or_not()
        .map(Option::unwrap_or_default);
    let constructor_args = just(Token::Of)
        .ignore_then(rules.constructor_arg.clone().separated_by(just(Token::Star)).at_least(1).collect::<Vec<TypeExpr>>())
        .or_not()
        .map(Option::unwrap_or_default);
    let constructor = uident(file)
        .or(select! { Token::True => "true", Token::False => "false" }.map_with(move |n, e| Ident { name: n.to_string(), span: sp(e.span()) }))
        .then(constructor_args.clone())
        .map_with(move |(name, args), e| ConstructorDecl { name, args, span: sp(e.span()) });
    let variant = just(Token::Bar)
        .or_not()
        .ignore_then(constructor.clone().separated_by(just(Token::Bar)).at_least(1).collect::<Vec<_>>())
        .map(TypeDeclKind::Variant);
    let field = lident(file)
        .then_ignore(just(Token::Colon))
        .then(rules.ty.clone())
        .map_with(move |(name, ty), e| FieldDecl { name, ty, span: sp(e.span()) });
    let record = field
        .separated_by(just(Token::Semi))
        .allow_trailing()
        .at_least(1)
        .collect::<Vec<_>>()
        .delimited_by(just(Token::LBrace), just(Token::RBrace))
        .map(TypeDeclKind::Record);
    // `type t = A` declares a constructor; `type t = M.u` abbreviates a qualified type.
    let starts_variant = just(Token::Bar).ignored().or(uident(file).then(just(Token::Dot).not()).ignored()).rewind();
    let body = just(Token::Equal)
        .ignore_then(choice((starts_variant.ignore_then(variant), record, rules.ty.clone().map(TypeDeclKind::Alias))))
        .or_not()
        .map(|b| b.unwrap_or(TypeDeclKind::Abstract));
    let type_decl = params
        .then(lident(file))
        .then(body)
        .map_with(move |((params, name), kind), e| TypeDecl { params, name, kind, span: sp(e.span()) });
    let type_item = just(Token::Type)
        .ignore_then(type_decl.separated_by(just(Token::And)).at_least(1).collect::<Vec<_>>())
        .map(ItemKind::Type);
    let exception = just(Token::Exception).ignore_then(constructor).map(ItemKind::Exception);
    let open = just(Token::Open).ignore_then(constructor_path(file)).map(ItemKind::Open);
    let floating_attribute = just(Token::LBracketAtAtAt).ignore_then(rules.attribute_body.clone()).map(ItemKind::Attribute);
    choice((type_item, exception, open, floating_attribute)).boxed()
}

/// Wraps item kinds with their spans, allowing `;;` between items.
fn items<'a>(file: FileId, item: Rule<'a, ItemKind>) -> Rule<'a, Module> {
    let separator = just(Token::SemiSemi).repeated();
    separator
        .clone()
        .ignore_then(
            item.map_with(move |kind, e| Item { kind, span: span(file, e.span()) })
                .then_ignore(separator)
                .repeated()
                .collect::<Vec<Item>>(),
        )
        .then_ignore(end())
        .map(|items| Module { items })
        .boxed()
}

/// An implementation (`.ml` file).
pub(crate) fn implementation<'a>(file: FileId) -> Rule<'a, Module> {
    let sp = move |s: SimpleSpan| span(file, s);
    let rules = expr_rules(file);
    // `let ... in e` at the top level is an expression item.
    let let_item = just(Token::Let)
        .ignore_then(rules.bindings.clone())
        .then(just(Token::In).ignore_then(rules.seq.clone()).or_not())
        .map_with(move |((rec, bindings), body), e| match body {
            None => ItemKind::Let(rec, bindings),
            Some(body) => ItemKind::Expr(mk(ExprKind::Let(rec, bindings, Box::new(body)), sp(e.span()))),
        });
    // A bare expression is an item at the start of the file or after `;;`, as in OCaml.
    let expression = just(Token::SemiSemi).or_not().ignore_then(rules.seq.clone()).map(ItemKind::Expr);
    let item = choice((let_item, declarations(file, &rules), expression)).boxed();
    items(file, item)
}

/// An interface (`.mli` file).
pub(crate) fn interface<'a>(file: FileId) -> Rule<'a, Module> {
    let rules = expr_rules(file);
    let value_name = lident(file).or(operator_value(file));
    let val = just(Token::Val)
        .ignore_then(value_name.clone())
        .then_ignore(just(Token::Colon))
        .then(rules.ty.clone())
        .map(|(name, ty)| ItemKind::Val(name, ty));
    let primitive = select! { Token::String(s) => s[1..s.len() - 1].to_string() };
    let external = just(Token::External)
        .ignore_then(value_name)
        .then_ignore(just(Token::Colon))
        .then(rules.ty.clone())
        .then_ignore(just(Token::Equal))
        .then(primitive.repeated().at_least(1).collect::<Vec<String>>())
        .map(|((name, ty), prims)| ItemKind::External(name, ty, prims));
    let item = choice((val, external, declarations(file, &rules))).boxed();
    items(file, item)
}
