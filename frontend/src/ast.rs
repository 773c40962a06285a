//! The untyped syntax tree the parser produces. Every node carries the [`Span`] of the source
//! text it came from. Surface sugar is kept small: operators are applications of the
//! operator's name (`a + b` is `Apply(Var "+", [a; b])`), `[a; b]` is built from the `::`
//! and `[]` constructors, `let f x = e` binds `f` to `fun x -> e`, and `true`, `false`, `()`
//! are constructors, as in OCaml's own parse tree.

use anerisc_diag::span::Span;

/// A name with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    /// The name as written (`x`, `+`, `Some`, `'a` without the quote for type variables).
    pub name: String,
    /// Where it was written.
    pub span: Span,
}

/// A possibly module-qualified name: `x`, `List.map`, `Ast.InjL`.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// The module qualifiers, outermost first (empty for a plain name).
    pub modules: Vec<Ident>,
    /// The final name.
    pub name: Ident,
    /// The whole path.
    pub span: Span,
}

/// An attribute `[@name payload]`, `[@@name payload]` or `[@@@name payload]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    /// The attribute's name (`protocol`, `metavar`, ...), dotted names joined with `.`.
    pub name: Ident,
    /// The payload when it is an expression (a name, a string, ...); `None` when empty.
    pub payload: Option<Expr>,
    /// The whole attribute, brackets included.
    pub span: Span,
}

/// Whether a `let` is recursive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecFlag {
    /// `let`
    NonRecursive,
    /// `let rec`
    Recursive,
}

/// Direction of a `for` loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `to`
    Up,
    /// `downto`
    Down,
}

/// A literal.
#[derive(Debug, Clone, PartialEq)]
pub enum Constant {
    /// An integer literal (already in the 63-bit range).
    Int(i64),
    /// A character literal, as its byte.
    Char(u8),
    /// A string literal, escapes resolved (bytes, not necessarily UTF-8).
    String(Vec<u8>),
    /// A float literal.
    Float(f64),
}

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What kind of expression.
    pub kind: ExprKind,
    /// The source it covers (attributes excluded).
    pub span: Span,
    /// Attributes attached with `e [@attr]`.
    pub attrs: Vec<Attribute>,
}

/// The kinds of expression.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A value name, maybe qualified: `x`, `List.map`, `(+)`.
    Var(Path),
    /// A literal.
    Const(Constant),
    /// A constructor, with its argument if it has one: `None`, `Some x`, `B (1, "a")`, `x :: xs`.
    Construct(Path, Option<Box<Expr>>),
    /// A tuple of two or more expressions.
    Tuple(Vec<Expr>),
    /// Application of a function to one or more arguments; operators are applications too.
    Apply(Box<Expr>, Vec<Expr>),
    /// `fun p1 ... pn -> body`.
    Fun(Vec<Pattern>, Box<Expr>),
    /// `function | p -> e | ...`.
    Function(Vec<Case>),
    /// `let [rec] p1 = e1 and ... in body`.
    Let(RecFlag, Vec<Binding>, Box<Expr>),
    /// `let open M in e` and `M.(e)`.
    LetOpen(Path, Box<Expr>),
    /// `match e with cases`.
    Match(Box<Expr>, Vec<Case>),
    /// `try e with cases`.
    Try(Box<Expr>, Vec<Case>),
    /// `if c then a [else b]`.
    If(Box<Expr>, Box<Expr>, Option<Box<Expr>>),
    /// `a; b`.
    Sequence(Box<Expr>, Box<Expr>),
    /// `while c do body done`.
    While(Box<Expr>, Box<Expr>),
    /// `for i = a to|downto b do body done`.
    For(Ident, Box<Expr>, Direction, Box<Expr>, Box<Expr>),
    /// `{ f1 = e1; ... }` or `{ base with f1 = e1; ... }`.
    Record(Vec<(Path, Expr)>, Option<Box<Expr>>),
    /// `e.f`.
    Field(Box<Expr>, Path),
    /// `e.(i)`.
    ArrayGet(Box<Expr>, Box<Expr>),
    /// `(e : t)`.
    Constraint(Box<Expr>, TypeExpr),
    /// `assert e`.
    Assert(Box<Expr>),
}

/// One `p = e` of a `let` (with `let f x = e` already turned into `f = fun x -> e`).
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// The bound pattern.
    pub pat: Pattern,
    /// The bound expression.
    pub expr: Expr,
    /// The whole binding.
    pub span: Span,
    /// Attributes written `[@@attr]` after it.
    pub attrs: Vec<Attribute>,
}

/// One case of a `match`, `function` or `try`.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// The pattern.
    pub pat: Pattern,
    /// The `when` guard, if any.
    pub guard: Option<Expr>,
    /// The expression after `->`.
    pub body: Expr,
}

/// A pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// What kind of pattern.
    pub kind: PatternKind,
    /// The source it covers.
    pub span: Span,
}

/// The kinds of pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum PatternKind {
    /// `_`
    Any,
    /// A variable.
    Var(Ident),
    /// A literal (a negative number literal included).
    Const(Constant),
    /// A tuple of two or more patterns.
    Tuple(Vec<Pattern>),
    /// A constructor with its argument pattern if any; `[]`, `x :: xs`, `[a; b]` included.
    Construct(Path, Option<Box<Pattern>>),
    /// `{ f1 = p1; f2; _ }`; the flag is true when the pattern ends with `; _`.
    Record(Vec<(Path, Pattern)>, bool),
    /// `p as x`.
    Alias(Box<Pattern>, Ident),
    /// `p1 | p2`.
    Or(Box<Pattern>, Box<Pattern>),
    /// `(p : t)`.
    Constraint(Box<Pattern>, TypeExpr),
}

/// A type expression, as written in annotations and declarations.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeExpr {
    /// What kind of type expression.
    pub kind: TypeExprKind,
    /// The source it covers.
    pub span: Span,
}

/// The kinds of type expression.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeExprKind {
    /// `'a` (the name without the quote).
    Var(String),
    /// `_`
    Any,
    /// `a -> b`.
    Arrow(Box<TypeExpr>, Box<TypeExpr>),
    /// `a * b * c`.
    Tuple(Vec<TypeExpr>),
    /// A named type applied to arguments: `int`, `'a list`, `(int, string) Ast.sumTy`.
    Constr(Path, Vec<TypeExpr>),
}

/// One declared type of a `type ... and ...` group.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDecl {
    /// Type parameters (`'a`, `'b`), names without the quote.
    pub params: Vec<Ident>,
    /// The type's name.
    pub name: Ident,
    /// What the type is.
    pub kind: TypeDeclKind,
    /// The whole declaration.
    pub span: Span,
}

/// The right-hand side of a type declaration.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeDeclKind {
    /// `type t` (only in interfaces and for library types such as `saddr`).
    Abstract,
    /// `type t = texpr`.
    Alias(TypeExpr),
    /// `type t = A | B of int * string`.
    Variant(Vec<ConstructorDecl>),
    /// `type t = { f : int; ... }`.
    Record(Vec<FieldDecl>),
}

/// One constructor of a variant type.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstructorDecl {
    /// Constructor name.
    pub name: Ident,
    /// Argument types: `of a * b` gives two; `of (a * b)` gives one tuple.
    pub args: Vec<TypeExpr>,
    /// The whole constructor declaration.
    pub span: Span,
}

/// One field of a record type.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDecl {
    /// Field name.
    pub name: Ident,
    /// Field type.
    pub ty: TypeExpr,
    /// The whole field declaration.
    pub span: Span,
}

/// A top-level phrase of a file (an implementation `.ml` or an interface `.mli`).
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// What kind of item.
    pub kind: ItemKind,
    /// The source it covers.
    pub span: Span,
}

/// The kinds of top-level item.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemKind {
    /// `let [rec] ... and ...` at top level.
    Let(RecFlag, Vec<Binding>),
    /// A top-level expression (`;; e` or a file starting with an expression).
    Expr(Expr),
    /// `type ... and ...`.
    Type(Vec<TypeDecl>),
    /// `exception E [of t]`.
    Exception(ConstructorDecl),
    /// `open M`.
    Open(Path),
    /// A floating attribute `[@@@name payload]`.
    Attribute(Attribute),
    /// `val x : t` (interfaces only).
    Val(Ident, TypeExpr),
    /// `external x : t = "prim"` (interfaces and implementations).
    External(Ident, TypeExpr, Vec<String>),
}

/// A parsed file.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// Its items, in order.
    pub items: Vec<Item>,
}
