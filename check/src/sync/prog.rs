//! The language of pretend synchrony (docs/verification.md): what the extraction makes of each
//! node's role function (a process program) and what synchronization makes of the whole system (the
//! synchronized program). Both are lists of [`Stmt`] over pure [`Expr`]s whose variables are
//! qualified by the node that owns them, so a process program is already part of the
//! synchronized program's vocabulary.

use anerisc_diag::span::{FileId, Span};
use anerisc_ir::ir::{Key, Program};
use anerisc_ir::prim::Prim;

/// Where a statement, loop or specification comes from: the span of its source expression
/// (diagnostics point there) and the line that span starts on (the printed program and the
/// obligations' names show it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// The source span.
    pub span: Span,
    /// The line it starts on.
    pub line: u32,
}

impl Place {
    /// The place of `span`, a span of `program`'s code (`None` for none, or for a span in a
    /// library file, which diagnostics cannot show).
    pub fn of(program: &Program, span: Option<Span>) -> Option<Place> {
        span.filter(|s| program.in_user_file(*s)).map(|span| Place { span, line: program.line(span) })
    }

    /// For tests: a place on line `line` of file 0, whose one-byte span starts at byte `line`.
    #[cfg(test)]
    pub fn on_line(line: u32) -> Option<Place> {
        Some(Place { span: Span::new(FileId(0), line as usize..line as usize + 1), line })
    }
}

/// Who owns a variable.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Owner {
    /// A singleton node, by its name (the launcher's address variable, e.g. `coord`).
    Node(String),
    /// The member of a node set (e.g. `parts`) whose index is the bound variable `index`.
    Member {
        /// The set.
        set: String,
        /// The bound index variable naming the member.
        index: String,
    },
    /// A variable bound by a loop or a quantifier: a member index, or a loop's count.
    Bound,
}

/// A variable of the system: a node's local, a member's local, or a bound index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Var {
    /// Its owner.
    pub owner: Owner,
    /// Its source name (unique within its owner: extraction renames shadowed locals).
    pub name: String,
}

/// The address of a node, as a value.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeRef {
    /// A singleton node.
    Node(String),
    /// The member of set `set` at the index the expression gives.
    Member(String, Box<Expr>),
}

/// The type of an arbitrary value (what an [`Expr::Arbitrary`] stands for).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// An integer.
    Int,
    /// A boolean.
    Bool,
    /// A string.
    Str,
}

/// A pure expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A variable.
    Var(Var),
    /// An integer literal.
    Int(i64),
    /// A boolean literal.
    Bool(bool),
    /// A string literal.
    Str(Vec<u8>),
    /// A character literal.
    Char(u8),
    /// `()`.
    Unit,
    /// A constant constructor, by its number among the type's constant constructors.
    Ctor(i64),
    /// A block: tuples, records and refs have tag 0; constructors with arguments are numbered
    /// among the constructors with arguments.
    Make(u32, Vec<Expr>),
    /// Field `i` of a block.
    Field(Box<Expr>, u32),
    /// A pure primitive applied to its arguments.
    Prim(Prim, Vec<Expr>),
    /// Whether the value matches a switch key (an immediate, a block tag, a string...).
    Is(Box<Expr>, Key),
    /// `if c then a else b`.
    Ite(Box<Expr>, Box<Expr>, Box<Expr>),
    /// A value the program does not determine (`rand n`, `Sys.argv`, a port). It is only
    /// ever the whole value of an [`Stmt::Assign`], and each execution of that assignment
    /// gives a new value (each member its own).
    Arbitrary {
        /// What it is, for printing (`rand`).
        what: String,
        /// Its sort.
        sort: Sort,
    },
    /// A node's address.
    Addr(NodeRef),
    /// The number of members of a node set.
    SetSize(String),
    /// `forall index in set (only the first `upto` members when given). body`.
    Forall {
        /// The bound member index.
        index: String,
        /// The set.
        set: String,
        /// How many of the set's first members the quantifier ranges over (`None`: all).
        upto: Option<Box<Expr>>,
        /// The condition.
        body: Box<Expr>,
    },
    /// `exists index in set (among the first `upto`). body`.
    Exists {
        /// The bound member index.
        index: String,
        /// The set.
        set: String,
        /// How many of the set's first members it ranges over (`None`: all).
        upto: Option<Box<Expr>>,
        /// The condition.
        body: Box<Expr>,
    },
}

/// A loop invariant: a condition on the loop's owner's state and on how many members the loop
/// has handled so far (the bound variable `count`).
#[derive(Debug, Clone, PartialEq)]
pub struct Invariant {
    /// The bound variable holding the number of members handled so far.
    pub count: String,
    /// The condition.
    pub cond: Expr,
    /// Where it is written.
    pub at: Option<Place>,
}

/// One statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    /// `var := value`.
    Assign {
        /// The variable.
        var: Var,
        /// Its new value.
        value: Expr,
        /// Where it comes from.
        at: Option<Place>,
    },
    /// A node sends `msg` to the node at address `to` (process programs only).
    Send {
        /// The sending node.
        from: Owner,
        /// The destination's address.
        to: Expr,
        /// The message.
        msg: Expr,
        /// Where it comes from.
        at: Option<Place>,
    },
    /// A node receives the next message into `msg` and its sender's address into `sender`
    /// (process programs only).
    Recv {
        /// The receiving node.
        node: Owner,
        /// The message's variable.
        msg: Var,
        /// The sender's address variable.
        sender: Var,
        /// Where it comes from.
        at: Option<Place>,
    },
    /// A matched send and receive (synchronized programs only): the receiver's variables get
    /// the message and the sender's address.
    Deliver {
        /// The receiver's message variable and the message.
        msg: (Var, Expr),
        /// The receiver's sender variable and the sender's address.
        sender: (Var, Expr),
        /// Where the send is.
        send_at: Option<Place>,
        /// Where the receive is.
        recv_at: Option<Place>,
    },
    /// An obligation: `cond` holds here (an `assert`, or a path to `failwith` or a match
    /// failure that must not be taken).
    Assert {
        /// The condition.
        cond: Expr,
        /// What fails when it does not hold (`assert`, `failwith "..."`, `match failure`).
        what: String,
        /// Where it comes from.
        at: Option<Place>,
    },
    /// A loop over the members of `set` in order: `index` is the current member's index.
    Each {
        /// The bound member index.
        index: String,
        /// The set.
        set: String,
        /// The body.
        body: Vec<Stmt>,
        /// The invariant written on the loop, if any.
        invariant: Option<Invariant>,
        /// Where it comes from.
        at: Option<Place>,
    },
    /// Every member of `set` runs `body` (synchronized programs only; `index` names the
    /// member).
    All {
        /// The bound member index.
        index: String,
        /// The set.
        set: String,
        /// The body.
        body: Vec<Stmt>,
    },
}

/// A node set of the system.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeSet {
    /// Its name (the launcher's variable holding the members' addresses).
    pub name: String,
    /// The role function its members run.
    pub role: String,
    /// How many members it has (a launcher value, often arbitrary).
    pub size: Expr,
}

/// A singleton node of the system.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Its name (the launcher's variable holding its address).
    pub name: String,
    /// The role function it runs.
    pub role: String,
}

/// The synchronized program of a system and what it must establish.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncProgram {
    /// The singleton nodes.
    pub nodes: Vec<Node>,
    /// The node sets.
    pub sets: Vec<NodeSet>,
    /// The statements, in the canonical order.
    pub body: Vec<Stmt>,
    /// The system's `[@@ensures]` conditions, with where they are written.
    pub ensures: Vec<(Expr, Option<Place>)>,
    /// The system's file: diagnostics about no place in it are about the file.
    pub file: FileId,
}

impl Expr {
    /// The variables the expression reads (node, member and bound ones), each once, in order.
    pub fn vars_read(&self) -> Vec<Var> {
        let mut out = Vec::new();
        self.collect_vars(&mut out);
        out
    }

    fn collect_vars(&self, out: &mut Vec<Var>) {
        match self {
            Expr::Var(v) => {
                if !out.contains(v) {
                    out.push(v.clone());
                }
            }
            Expr::Int(_) | Expr::Bool(_) | Expr::Str(_) | Expr::Char(_) | Expr::Unit | Expr::Ctor(_) | Expr::Arbitrary { .. } | Expr::SetSize(_) | Expr::Addr(NodeRef::Node(_)) => {}
            Expr::Addr(NodeRef::Member(_, i)) => i.collect_vars(out),
            Expr::Make(_, es) | Expr::Prim(_, es) => es.iter().for_each(|x| x.collect_vars(out)),
            Expr::Field(x, _) | Expr::Is(x, _) => x.collect_vars(out),
            Expr::Ite(c, a, b) => [c, a, b].iter().for_each(|x| x.collect_vars(out)),
            Expr::Forall { upto, body, .. } | Expr::Exists { upto, body, .. } => {
                if let Some(u) = upto {
                    u.collect_vars(out);
                }
                body.collect_vars(out);
            }
        }
    }

    /// Whether the bound variable `name` occurs in the expression (as a member's index too).
    /// Extraction and synchronization meet no quantifier, so none hides `name`.
    pub fn mentions_bound(&self, name: &str) -> bool {
        self.vars_read().iter().any(|v| match &v.owner {
            Owner::Bound => v.name == name,
            Owner::Member { index, .. } => index == name,
            Owner::Node(_) => false,
        })
    }
}

impl Stmt {
    /// Whether the bound variable `name` occurs in the statement.
    pub fn mentions_bound(&self, name: &str) -> bool {
        let var = |v: &Var| Expr::Var(v.clone()).mentions_bound(name);
        match self {
            Stmt::Assign { var: v, value, .. } => var(v) || value.mentions_bound(name),
            Stmt::Send { to, msg, .. } => to.mentions_bound(name) || msg.mentions_bound(name),
            Stmt::Recv { msg, sender, .. } => var(msg) || var(sender),
            Stmt::Deliver { msg, sender, .. } => var(&msg.0) || msg.1.mentions_bound(name) || var(&sender.0) || sender.1.mentions_bound(name),
            Stmt::Assert { cond, .. } => cond.mentions_bound(name),
            Stmt::Each { index, body, .. } | Stmt::All { index, body, .. } => index != name && body.iter().any(|s| s.mentions_bound(name)),
        }
    }
}
