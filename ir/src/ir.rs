//! The IR's data structures: a program is a set of first-order functions (closures are
//! explicit: a function lists the variables it captures), each a control-flow graph of
//! blocks with parameters (SSA form, as in Cranelift), straight-line instructions and one
//! terminator per block. Every variable has a representation type ([`Ty`]).

use crate::prim::Prim;
use anerisc_diag::span::{FileId, LineTable, Span};
use anerisc_frontend::typed::{FormatPiece, PrintfKind};

/// The representation type of an IR value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ty {
    /// A 63-bit integer.
    Int,
    /// `true` or `false`.
    Bool,
    /// A byte.
    Char,
    /// `()`.
    Unit,
    /// A boxed float.
    Float,
    /// An immutable byte string.
    Str,
    /// Structured data: variants, tuples, records, lists, options, refs, arrays, sockets...
    Data,
    /// A closure.
    Fun,
    /// An exception value.
    Exn,
    /// A value of a polymorphic type: any representation.
    Any,
}

impl Ty {
    /// True when a value of type `self` may flow where `other` is expected (`Any` fits
    /// everywhere and everything fits `Any`, as in OCaml's uniform representation).
    pub fn fits(self, other: Ty) -> bool {
        self == other || self == Ty::Any || other == Ty::Any
    }

    /// The type's name in the text format.
    pub fn name(self) -> &'static str {
        match self {
            Ty::Int => "int",
            Ty::Bool => "bool",
            Ty::Char => "char",
            Ty::Unit => "unit",
            Ty::Float => "float",
            Ty::Str => "str",
            Ty::Data => "data",
            Ty::Fun => "fun",
            Ty::Exn => "exn",
            Ty::Any => "any",
        }
    }
}

/// A variable of a function (an index into [`Function::vars`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Var(pub u32);

/// A block of a function (an index into [`Function::blocks`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlockId(pub u32);

/// A function of the program (an index into [`Program::functions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FuncId(pub u32);

/// A global of the program: a module's top-level value (an index into [`Program::globals`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GlobalId(pub u32);

/// An exception constructor of the program (an index into [`Program::exceptions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExnId(pub u32);

/// What the program knows about a variable.
#[derive(Debug, Clone, PartialEq)]
pub struct VarInfo {
    /// Its type.
    pub ty: Ty,
    /// The source name it came from, if any (printed as `%name.N`).
    pub name: Option<String>,
}

/// A literal.
#[derive(Debug, Clone, PartialEq)]
pub enum Const {
    /// An integer (also constant constructors, by their number among constant constructors).
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// A character.
    Char(u8),
    /// `()`.
    Unit,
    /// A float.
    Float(f64),
    /// A string.
    Str(Vec<u8>),
    /// A constant constructor of a data type, by its number among the constant constructors.
    Ctor(i64),
}

impl Const {
    /// The literal's type.
    pub fn ty(&self) -> Ty {
        match self {
            Const::Int(_) => Ty::Int,
            Const::Bool(_) => Ty::Bool,
            Const::Char(_) => Ty::Char,
            Const::Unit => Ty::Unit,
            Const::Float(_) => Ty::Float,
            Const::Str(_) => Ty::Str,
            Const::Ctor(_) => Ty::Data,
        }
    }
}

/// A reliable-channel operation (Client_server_code), kept apart for the protocol checker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChanOp {
    /// `make_client_skt ser deser addr`.
    MakeClientSkt,
    /// `make_server_skt ser deser addr`.
    MakeServerSkt,
    /// `server_listen skt`.
    ServerListen,
    /// `accept skt`: a channel and the client's address.
    Accept,
    /// `connect skt addr`.
    Connect,
    /// `send chan v`.
    Send,
    /// `recv chan`.
    Recv,
    /// `try_recv chan`.
    TryRecv,
    /// `rpc_start` / `run_server`: serve requests with a handler.
    RpcServe,
    /// `run_server_opt`.
    RpcServeOpt,
    /// `rpc_connect` / `init_client_proxy`.
    RpcConnect,
    /// `rpc_make_request` / `make_request`.
    RpcRequest,
}

impl ChanOp {
    /// The operation's name in the text format.
    pub fn name(self) -> &'static str {
        match self {
            ChanOp::MakeClientSkt => "make_client_skt",
            ChanOp::MakeServerSkt => "make_server_skt",
            ChanOp::ServerListen => "server_listen",
            ChanOp::Accept => "accept",
            ChanOp::Connect => "connect",
            ChanOp::Send => "send",
            ChanOp::Recv => "recv",
            ChanOp::TryRecv => "try_recv",
            ChanOp::RpcServe => "rpc_serve",
            ChanOp::RpcServeOpt => "rpc_serve_opt",
            ChanOp::RpcConnect => "rpc_connect",
            ChanOp::RpcRequest => "rpc_request",
        }
    }

    /// Argument types and result type.
    pub fn signature(self) -> (&'static [Ty], Ty) {
        use Ty::*;
        match self {
            ChanOp::MakeClientSkt | ChanOp::MakeServerSkt => (&[Data, Data, Data], Data),
            ChanOp::ServerListen => (&[Data], Unit),
            ChanOp::Accept => (&[Data], Data),
            ChanOp::Connect => (&[Data, Data], Data),
            ChanOp::Send => (&[Data, Any], Unit),
            ChanOp::Recv => (&[Data], Any),
            ChanOp::TryRecv => (&[Data], Data),
            ChanOp::RpcServe | ChanOp::RpcServeOpt => (&[Data, Data, Data, Fun], Unit),
            ChanOp::RpcConnect => (&[Data, Data, Data, Data], Data),
            ChanOp::RpcRequest => (&[Data, Any], Any),
        }
    }
}

/// What an instruction computes.
#[derive(Debug, Clone, PartialEq)]
pub enum InstKind {
    /// A literal.
    Const(Const),
    /// A primitive operation.
    Prim(Prim, Vec<Var>),
    /// `Printf.printf` / `eprintf` / `sprintf` with a literal format, applied to all its arguments.
    Printf(PrintfKind, Vec<FormatPiece>, Vec<Var>),
    /// The value of a global.
    Global(GlobalId),
    /// Sets a global (module initialisers only).
    SetGlobal(GlobalId, Var),
    /// A closure of `func` capturing the given variables (in the order of its environment).
    Closure(FuncId, Vec<Var>),
    /// A closure of `func` sharing the current function's environment (`let rec` groups).
    Sibling(FuncId),
    /// Application of a closure to arguments (partial and over-application allowed).
    Apply(Var, Vec<Var>),
    /// A direct call of a function without environment, with exactly its arity.
    Call(FuncId, Vec<Var>),
    /// A heap block with a tag (tuples, records and refs use tag 0; constructors with
    /// arguments are numbered among the constructors with arguments).
    Make(u32, Vec<Var>),
    /// Field `i` of a block.
    Field(Var, u32),
    /// An exception value.
    MakeExn(ExnId, Vec<Var>),
    /// Argument `i` of an exception value.
    ExnArg(Var, u32),
    /// `fork f x`: runs `f x` on a new thread.
    Fork(Var, Var),
    /// A reliable-channel or RPC operation, with the protocol named by `[@protocol]`, and the
    /// library function that implements it when it is written in OCaml.
    Chan {
        /// The operation.
        op: ChanOp,
        /// Its arguments.
        args: Vec<Var>,
        /// The protocol named by `[@protocol name]` on the call, if any.
        protocol: Option<String>,
        /// The global holding the library's implementation, when it is OCaml code.
        implementation: Option<GlobalId>,
    },
}

/// One instruction: an optional result variable, what it computes, and where in the source
/// it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Inst {
    /// The variable it defines.
    pub dest: Option<Var>,
    /// What it computes.
    pub kind: InstKind,
    /// The span of the expression it comes from (a channel call's application, an `assert`),
    /// `None` for literals and for some of what the lowering adds on its own (a `for` loop's
    /// tests and steps, the closures of a `let rec` group). It names a file of [`Program::files`];
    /// [`Program::line`] gives its line. (The field is still called `line`, as when it held
    /// the line alone, because code outside this crate builds instructions with `line: None`.)
    pub line: Option<Span>,
}

/// A switch key: what a [`Terminator::Switch`] case tests.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    /// An immediate (int, char, bool as 0/1, constant constructor number).
    Imm(i64),
    /// A block's tag (a constructor with arguments).
    Tag(u32),
    /// A string literal.
    Str(Vec<u8>),
    /// A float literal.
    Float(f64),
    /// An exception constructor.
    Exn(ExnId),
}

/// A jump target with the arguments for the block's parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// The block.
    pub block: BlockId,
    /// Its arguments.
    pub args: Vec<Var>,
}

/// How a block ends.
#[derive(Debug, Clone, PartialEq)]
pub enum Terminator {
    /// Unconditional jump.
    Jump(Target),
    /// `if`: on a `bool`.
    Branch(Var, Target, Target),
    /// A test of one value against keys; `default` when none matches (absent when the keys
    /// are exhaustive).
    Switch {
        /// The value tested.
        value: Var,
        /// Keys and where each goes (blocks without parameters).
        cases: Vec<(Key, BlockId)>,
        /// Where anything else goes.
        default: Option<BlockId>,
    },
    /// Returns a value.
    Return(Var),
    /// Calls a closure with `()` (a `try` body); on return jumps to `normal` with the
    /// result, on an exception to `handler` with the exception.
    TryCall {
        /// The body's closure.
        body: Var,
        /// One-parameter block receiving the result.
        normal: BlockId,
        /// One-parameter block receiving the exception.
        handler: BlockId,
    },
    /// Control never gets here (after a primitive that raises or exits).
    Unreachable,
}

impl InstKind {
    /// The variables it names as operands (a `Sibling` names none: it reads the function's
    /// environment).
    pub fn operands(&self) -> Vec<Var> {
        match self {
            InstKind::Const(_) | InstKind::Global(_) | InstKind::Sibling(_) => vec![],
            InstKind::Prim(_, a) | InstKind::Printf(_, _, a) | InstKind::Call(_, a) | InstKind::Make(_, a) | InstKind::MakeExn(_, a) | InstKind::Closure(_, a) => a.clone(),
            InstKind::Chan { args, .. } => args.clone(),
            InstKind::SetGlobal(_, v) | InstKind::Field(v, _) | InstKind::ExnArg(v, _) => vec![*v],
            InstKind::Apply(f, a) => a.iter().copied().chain([*f]).collect(),
            InstKind::Fork(f, x) => vec![*f, *x],
        }
    }
}

impl Terminator {
    /// The variables it reads.
    pub fn operands(&self) -> Vec<Var> {
        match self {
            Terminator::Jump(t) => t.args.clone(),
            Terminator::Branch(c, a, b) => [*c].into_iter().chain(a.args.iter().copied()).chain(b.args.iter().copied()).collect(),
            Terminator::Switch { value, .. } => vec![*value],
            Terminator::Return(v) => vec![*v],
            Terminator::TryCall { body, .. } => vec![*body],
            Terminator::Unreachable => vec![],
        }
    }

    /// The blocks it may go to.
    pub fn successors(&self) -> Vec<BlockId> {
        match self {
            Terminator::Jump(t) => vec![t.block],
            Terminator::Branch(_, a, b) => vec![a.block, b.block],
            Terminator::Switch { cases, default, .. } => cases.iter().map(|(_, b)| *b).chain(*default).collect(),
            Terminator::TryCall { normal, handler, .. } => vec![*normal, *handler],
            Terminator::Return(_) | Terminator::Unreachable => vec![],
        }
    }
}

/// A basic block.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// Its parameters.
    pub params: Vec<Var>,
    /// Its instructions.
    pub insts: Vec<Inst>,
    /// How it ends.
    pub term: Terminator,
}

/// A function: captured environment, parameters, result type and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    /// Its deterministic name (`Main.f`, `Main.f.lambda2`, `Main.init`).
    pub name: String,
    /// The variables its closures capture, bound on entry.
    pub env: Vec<Var>,
    /// Its parameters.
    pub params: Vec<Var>,
    /// Its result type.
    pub ret: Ty,
    /// Every variable of the function.
    pub vars: Vec<VarInfo>,
    /// Its blocks; block 0 is the entry and has no parameters.
    pub blocks: Vec<Block>,
    /// Where in the source it is defined: its name's span when it is bound to a name, else
    /// the span of its `fun`/`function` (or `try` body, or `Printf` format). Named `line` for
    /// the same reason as [`Inst::line`].
    pub line: Option<Span>,
}

impl Function {
    /// The type of a variable.
    pub fn ty(&self, v: Var) -> Ty {
        self.vars[v.0 as usize].ty
    }

    /// True when `term` returns `v` at once: `return v`, or a jump passing only `v` to a
    /// block that only returns its parameter (or passes it on the same way), as `if`/`match`
    /// joins do. A call whose result is returned so is a tail call.
    pub fn returns_directly(&self, term: &Terminator, v: Var) -> bool {
        let (mut term, mut v) = (term, v);
        for _ in 0..64 {
            match term {
                Terminator::Return(r) => return *r == v,
                Terminator::Jump(t) if t.args == [v] => {
                    let target = &self.blocks[t.block.0 as usize];
                    if !target.insts.is_empty() || target.params.len() != 1 {
                        return false;
                    }
                    (term, v) = (&target.term, target.params[0]);
                }
                _ => return false,
            }
        }
        false
    }
}

/// A global: a module's top-level value.
#[derive(Debug, Clone, PartialEq)]
pub struct Global {
    /// `Module.name`.
    pub name: String,
    /// Its type.
    pub ty: Ty,
}

/// An exception constructor.
#[derive(Debug, Clone, PartialEq)]
pub struct ExnDecl {
    /// Its name as OCaml prints it (`Failure`, `Not_found`, `Main.My_error`).
    pub name: String,
    /// Its arguments' types.
    pub args: Vec<Ty>,
}

/// A module of the program: its name and its initialiser.
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleInit {
    /// The module's name.
    pub name: String,
    /// Whether it comes from the library.
    pub library: bool,
    /// The function evaluating its top level.
    pub init: FuncId,
}

/// A whole program: its modules in initialisation order and everything they define.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Program {
    /// Modules in dependency order; their initialisers run in this order.
    pub modules: Vec<ModuleInit>,
    /// Every function.
    pub functions: Vec<Function>,
    /// Every global.
    pub globals: Vec<Global>,
    /// Every exception constructor.
    pub exceptions: Vec<ExnDecl>,
    /// The source file of each module lowered, which the spans of instructions and functions
    /// name.
    pub files: Vec<SourceLines>,
}

/// A source file as the IR knows it: its name and where its lines start. The user's files
/// keep the frontend's [`FileId`]s, so the IR's spans are the diagnostics' spans; the
/// library's files, which the frontend loads apart, are numbered after them.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceLines {
    /// The id spans in this file carry.
    pub file: FileId,
    /// Its name (the path as given, or `list_code.ml` for a library module).
    pub name: String,
    /// Whether it is a library file: diagnostics cannot show its spans (the frontend's
    /// source map does not hold it).
    pub library: bool,
    /// Where its lines start.
    pub lines: LineTable,
}

impl Program {
    /// The function `id`.
    pub fn func(&self, id: FuncId) -> &Function {
        &self.functions[id.0 as usize]
    }

    /// The source file spans with id `file` are in.
    pub fn source(&self, file: FileId) -> Option<&SourceLines> {
        self.files.iter().find(|f| f.file == file)
    }

    /// Whether `span` is in one of the user's files, which diagnostics can show.
    pub fn in_user_file(&self, span: Span) -> bool {
        self.source(span.file).is_some_and(|f| !f.library)
    }

    /// The 1-based line `span` starts on (0 when its file is unknown).
    pub fn line(&self, span: Span) -> u32 {
        self.source(span.file).map_or(0, |f| f.lines.line_col(span.start as usize).0 as u32)
    }
}
