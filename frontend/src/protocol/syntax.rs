//! The syntax tree of session protocols (docs/protocols.md), written from the client's side.

use crate::ast::{Expr, Ident, TypeExpr};
use anerisc_diag::span::Span;

/// `name = protocol`, from a `[@@@protocol {| ... |}]` attribute.
#[derive(Debug, Clone, PartialEq)]
pub struct ProtocolDecl {
    /// The protocol's name.
    pub name: Ident,
    /// Its definition.
    pub body: Protocol,
    /// The whole declaration.
    pub span: Span,
}

/// A protocol.
#[derive(Debug, Clone, PartialEq)]
pub struct Protocol {
    /// What kind of protocol.
    pub kind: ProtocolKind,
    /// The source it covers.
    pub span: Span,
}

/// Which side sends a step's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `!`: the client sends (the server receives).
    Send,
    /// `?`: the client receives (the server sends).
    Receive,
}

/// One message of a conversation: `!(x : ty) {pred}. next` or `?(x : ty) {pred}. next`.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Who sends, seen from the client.
    pub direction: Direction,
    /// The name later predicates use for the message.
    pub binder: Ident,
    /// The message's type.
    pub ty: TypeExpr,
    /// What must hold of the message (and earlier binders), if anything.
    pub pred: Option<Expr>,
    /// The rest of the conversation.
    pub next: Box<Protocol>,
}

/// The kinds of protocol.
#[derive(Debug, Clone, PartialEq)]
pub enum ProtocolKind {
    /// A message, then the rest.
    Step(Step),
    /// `mu X. body`: a loop; `X` in the body goes back to the top.
    Mu(Ident, Box<Protocol>),
    /// A name: a recursion variable in scope or, before validation, a protocol declared earlier.
    Name(Ident),
    /// `end`: the conversation is over.
    End,
}
