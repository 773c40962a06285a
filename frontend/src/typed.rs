//! The typed syntax tree the type checker produces, for lowering to the IR. Every expression
//! carries its type (a node of the module's [`TypeStore`](crate::typing::types::TypeStore))
//! and span; names are resolved to local binders or global values, constructors to their
//! declaration and tag, record fields to their index. `let open` and type constraints are
//! gone (they only affect typing); attributes are kept.

use crate::ast::{Attribute, Constant, Direction, RecFlag};
use anerisc_diag::span::Span;
use crate::typing::decls::{DeclId, ExnId};
use crate::typing::types::TypeId;

/// A local variable: unique within its module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LocalId(pub u32);

/// How a name resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueRef {
    /// A variable bound by a pattern, `fun`, `let` or `for` inside the module.
    Local(LocalId, String),
    /// A top-level value of a module (`Stdlib.print_int`, `Ast.fork`, or this module's own).
    Global {
        /// The module that defines it.
        module: String,
        /// Its name.
        name: String,
    },
}

/// A constructor resolved to its declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstrRef {
    /// Constructor number `tag` of the variant type `decl` (`[]`, `::`, `true`, `Some` ...).
    Variant {
        /// The variant type.
        decl: DeclId,
        /// The constructor's position in the declaration.
        tag: u32,
    },
    /// A declared exception.
    Exception(ExnId),
}

/// A record field resolved to its declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldRef {
    /// The record type.
    pub decl: DeclId,
    /// The field's position in the declaration.
    pub index: u32,
}

/// Which `Printf` function a format is given to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintfKind {
    /// `Printf.printf`: to standard output.
    Printf,
    /// `Printf.eprintf`: to standard error.
    Eprintf,
    /// `Printf.sprintf`: to a string.
    Sprintf,
}

/// One piece of a literal format string.
#[derive(Debug, Clone, PartialEq)]
pub enum FormatPiece {
    /// Text printed as is (`%%` already turned into `%`).
    Text(Vec<u8>),
    /// `%!`: flush.
    Flush,
    /// A conversion taking one argument.
    Conversion {
        /// The conversion letter (`d`, `s`, `f`, ...).
        conv: char,
        /// Flags as written (`-`, `0`, `+`, ` `, `#`).
        flags: String,
        /// The width, if given.
        width: Option<usize>,
        /// The precision, if given.
        precision: Option<usize>,
    },
}

/// A typed expression.
#[derive(Debug, Clone, PartialEq)]
pub struct TExpr {
    /// What kind of expression.
    pub kind: TExprKind,
    /// Its type.
    pub ty: TypeId,
    /// The source it covers.
    pub span: Span,
    /// Attributes written on it (`[@protocol name]`).
    pub attrs: Vec<Attribute>,
}

/// The kinds of typed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum TExprKind {
    /// A value.
    Var(ValueRef),
    /// A literal.
    Const(Constant),
    /// A constructor with its arguments (as many as the declaration lists; a constructor
    /// declared `of a * b` applied to a tuple expression gets its components).
    Construct(ConstrRef, Vec<TExpr>),
    /// A tuple.
    Tuple(Vec<TExpr>),
    /// Application to one or more arguments.
    Apply(Box<TExpr>, Vec<TExpr>),
    /// `fun p1 ... pn -> body`.
    Fun(Vec<TPattern>, Box<TExpr>),
    /// `function cases`.
    Function(Vec<TCase>),
    /// `let [rec] ... in body`.
    Let(RecFlag, Vec<TBinding>, Box<TExpr>),
    /// `match e with cases`.
    Match(Box<TExpr>, Vec<TCase>),
    /// `try e with cases`.
    Try(Box<TExpr>, Vec<TCase>),
    /// `if c then a [else b]`.
    If(Box<TExpr>, Box<TExpr>, Option<Box<TExpr>>),
    /// `a; b`.
    Sequence(Box<TExpr>, Box<TExpr>),
    /// `while c do body done`.
    While(Box<TExpr>, Box<TExpr>),
    /// `for i = a to|downto b do body done`.
    For(LocalId, Box<TExpr>, Direction, Box<TExpr>, Box<TExpr>),
    /// A record: every field's value in declaration order, or `{ base with ... }` where
    /// fields not given are `None`.
    Record(DeclId, Vec<Option<TExpr>>, Option<Box<TExpr>>),
    /// `e.f`.
    Field(Box<TExpr>, FieldRef),
    /// `a.(i)`.
    ArrayGet(Box<TExpr>, Box<TExpr>),
    /// `assert e`.
    Assert(Box<TExpr>),
    /// `Printf.printf "fmt"` (and friends) with a literal format: a function of the
    /// conversions' arguments.
    Printf(PrintfKind, Vec<FormatPiece>),
}

/// A typed pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct TPattern {
    /// What kind of pattern.
    pub kind: TPatternKind,
    /// The type of the values it matches.
    pub ty: TypeId,
    /// The source it covers.
    pub span: Span,
}

/// The kinds of typed pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum TPatternKind {
    /// `_`
    Any,
    /// A variable.
    Var(LocalId, String),
    /// A literal.
    Const(Constant),
    /// A tuple.
    Tuple(Vec<TPattern>),
    /// A constructor and its argument patterns (as many as the declaration lists).
    Construct(ConstrRef, Vec<TPattern>),
    /// A record pattern: the fields it names.
    Record(DeclId, Vec<(FieldRef, TPattern)>),
    /// `p as x`.
    Alias(Box<TPattern>, LocalId, String),
    /// `p1 | p2`.
    Or(Box<TPattern>, Box<TPattern>),
}

/// A typed `let` binding.
#[derive(Debug, Clone, PartialEq)]
pub struct TBinding {
    /// The bound pattern.
    pub pat: TPattern,
    /// The bound expression.
    pub expr: TExpr,
    /// The whole binding.
    pub span: Span,
    /// Attributes written after it.
    pub attrs: Vec<Attribute>,
}

/// A typed case of `match`, `function` or `try`.
#[derive(Debug, Clone, PartialEq)]
pub struct TCase {
    /// The pattern.
    pub pat: TPattern,
    /// The guard.
    pub guard: Option<TExpr>,
    /// The body.
    pub body: TExpr,
}

/// A typed top-level item.
#[derive(Debug, Clone, PartialEq)]
pub enum TItem {
    /// `let [rec] ...`; the names it defines are top-level values of the module.
    Let(RecFlag, Vec<TBinding>),
    /// A top-level expression, evaluated for its effect.
    Expr(TExpr),
    /// A `type` group (the declarations are in the module's table).
    Type(Vec<DeclId>),
    /// An exception declaration.
    Exception(ExnId),
    /// A floating attribute (`[@@@protocol ...]`).
    Attribute(Attribute),
}
