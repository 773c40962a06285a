//! The protocol language of docs/protocols.md, read from the text of a `[@@@protocol]` attribute:
//! `name = mu rec. !(s : string). ?(n : int) {n = String.length s}. rec`.

use super::common::{lident, span};
use super::expr::expr_rules;
use super::Rule;
use crate::ast::Ident;
use crate::protocol::syntax::{Direction, Protocol, ProtocolDecl, ProtocolKind, Step};
use anerisc_diag::span::FileId;
use crate::token::Token;
use chumsky::prelude::*;

/// One or more declarations `name = protocol`.
pub(crate) fn declarations<'a>(file: FileId) -> Rule<'a, Vec<ProtocolDecl>> {
    let sp = move |s: SimpleSpan| span(file, s);
    let rules = expr_rules(file);
    // `rec` is a keyword of OCaml but the usual name of a protocol's recursion variable.
    let name = lident(file)
        .or(just(Token::Rec).map_with(move |_, e| Ident { name: "rec".into(), span: sp(e.span()) }))
        .labelled("a protocol or recursion variable name");
    let protocol = recursive(move |protocol| {
        let direction = select! { Token::Bang => Direction::Send, Token::Question => Direction::Receive };
        let message = lident(file)
            .then_ignore(just(Token::Colon))
            .then(rules.ty.clone())
            .delimited_by(just(Token::LParen), just(Token::RParen));
        let predicate = rules.seq.clone().delimited_by(just(Token::LBrace), just(Token::RBrace));
        let step = direction
            .then(message)
            .then(predicate.or_not())
            .then_ignore(just(Token::Dot))
            .then(protocol.clone())
            .map(|(((direction, (binder, ty)), pred), next)| {
                ProtocolKind::Step(Step { direction, binder, ty, pred, next: Box::new(next) })
            });
        let mu = select! { Token::LIdent("mu") => () }
            .ignore_then(name.clone())
            .then_ignore(just(Token::Dot))
            .then(protocol.clone())
            .map(|(var, body)| ProtocolKind::Mu(var, Box::new(body)));
        let end = just(Token::End).to(ProtocolKind::End);
        let parenthesised = protocol.delimited_by(just(Token::LParen), just(Token::RParen)).map(|p: Protocol| p.kind);
        choice((step, mu, end, parenthesised, name.clone().map(ProtocolKind::Name)))
            .map_with(move |kind, e| Protocol { kind, span: sp(e.span()) })
            .labelled("a protocol (`!(x : t). ...`, `?(x : t). ...`, `mu X. ...`, `end` or a name)")
    });
    lident(file)
        .then_ignore(just(Token::Equal))
        .then(protocol)
        .map_with(move |(name, body), e| ProtocolDecl { name, body, span: sp(e.span()) })
        .repeated()
        .at_least(1)
        .collect()
        .then_ignore(end())
        .boxed()
}
