//! The walk: every path of every function that handles channels, in order, with the state
//! of each channel, the facts known on the path (branch conditions, received predicates,
//! definitions of pure values) and the obligations met (refinements at sends, asserts).
//! This file holds what the walk works with (abstract values, channels, paths, summaries)
//! and its entry points; the walk itself is split by concern: `calls` (each call with its
//! own values, recursion for every value, exceptions' exits), `paths` (one function's
//! paths, joins, loops), `insts` (one instruction), `channels` (channel operations
//! against the protocol), `rpc` (RPC servers and requests) and `inline` (small pure
//! functions evaluated in place).

use super::cursor::{Consumed, Cursor, Refusal, Side, StateKey};
use super::graph::{Graph, NodeId, StepNode};
use super::loops::{self, Counter, LoopShape, Trend};
use anerisc_frontend::protocol::syntax::Direction;
use super::obligation::{Obligation, ObligationKind};
use anerisc_ir::cfg::Cfg;
use anerisc_ir::ir::*;
use anerisc_ir::prim::Prim;
use anerisc_ir::print::Comments;
use crate::smt::pred;
use crate::smt::msg::MsgTy;
use crate::smt::value::{Leaf, Names, SVal};
use crate::smt::{Prover, Verdict};
use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::{Diagnostic, Label};
use anerisc_diag::span::{SourceMap, Span};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::time::Instant;
use z3::ast::{Bool, Int, String as ZStr};

mod calls;
mod channels;
mod inline;
mod insts;
mod paths;
mod rpc;

/// How deep calls of small pure functions are inlined into one another.
const INLINE_DEPTH: usize = 4;

/// The library's list length (a fold, so not inlined): the encoding knows it of lists.
const LIST_LENGTH: &str = "List_code.list_length";

/// Steps one function walk may take before the checker gives up (path explosion).
const BUDGET: usize = 20_000;

/// A socket: which protocol its channels follow, and from which side.
#[derive(Debug, Clone, PartialEq)]
struct Sock {
    protocol: Option<usize>,
    side: Side,
}

/// An endpoint made without a protocol: its messages are not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unchecked {
    /// A socket (`make_client_skt`, `make_server_skt`).
    Socket,
    /// An RPC server or client (`rpc_start`, `rpc_connect`...).
    Rpc,
}

/// What the walk knows of a variable.
#[derive(Debug, Clone)]
enum AVal {
    Sym(SVal),
    Socket(Sock),
    Accepted(Sock),
    Chan(usize),
    TryRecv(usize),
    Closure(FuncId, Vec<AVal>),
    /// A client's RPC handle whose requests follow the protocol with this graph index (a
    /// request/reply protocol: each request is a whole round, so the handle may be copied).
    Rpc(usize),
    /// A client's RPC handle made without a protocol: its requests are not checked.
    UncheckedRpc,
}

/// What a request handler given to `rpc_start` must do: reply, on every path, with a value
/// that satisfies the reply's refinement, given the request (with its refinement as a fact).
/// A handler of `run_server_opt` is given an option and answers with one: `present` says
/// whether a request came, and it must answer exactly when one did.
#[derive(Clone)]
struct Contract {
    protocol: usize,
    request: SVal,
    present: Option<Bool>,
    fact: Option<(Bool, String)>,
}

/// True when `v` holds a socket with a protocol or a channel the walk follows (or handed
/// over): values the checker must not lose track of. Sockets without a protocol and their
/// channels are unchecked, so they may go anywhere.
fn carries_protocol(v: &AVal, chans: &[Chan]) -> bool {
    match v {
        AVal::Sym(_) | AVal::Rpc(_) | AVal::UncheckedRpc => false,
        AVal::Socket(s) | AVal::Accepted(s) => s.protocol.is_some(),
        AVal::Chan(c) | AVal::TryRecv(c) => !matches!(chans.get(*c), Some(Chan::Unchecked) | None),
        AVal::Closure(_, env) => env.iter().any(|e| carries_protocol(e, chans)),
    }
}

/// True when `v` holds a checked endpoint: a socket with a protocol, a followed channel, or
/// an RPC handle with a protocol. A call given one is walked, and a value holding one must
/// not go where the walk cannot follow it.
fn holds_endpoint(v: &AVal, chans: &[Chan]) -> bool {
    match v {
        AVal::Rpc(_) => true,
        AVal::Closure(_, env) => env.iter().any(|e| holds_endpoint(e, chans)),
        other => carries_protocol(other, chans),
    }
}

/// A channel's state on a path.
#[derive(Debug, Clone)]
enum Chan {
    /// Followed; `owned` when it must rest at a boundary when its owner returns.
    Live { cursor: Cursor, owned: bool },
    /// Given to a thread by the `fork` (or call) at this span.
    Gone(Option<Span>),
    /// From a socket without a protocol.
    Unchecked,
}

#[derive(Clone)]
struct Path {
    block: BlockId,
    vals: HashMap<Var, AVal>,
    facts: Vec<Bool>,
    /// Where each fact comes from, for reports.
    why: Vec<String>,
    chans: Vec<Chan>,
    names: Names,
    tags: HashMap<Var, u32>,
    /// The constructor of exception values made or caught on this path.
    exns: HashMap<Var, ExnId>,
    seen: Vec<(BlockId, Vec<Option<StateKey>>, Vec<Bound>)>,
    /// The contents of the function's local cells (see [`super::loops`]).
    cells: HashMap<Var, SVal>,
    /// Channels whose last `try_recv` result has not been matched yet.
    untested: HashSet<usize>,
    /// The span of the last instruction walked that has one.
    span: Option<Span>,
}

/// The attempt that found each of the walker's problems, obligations and unchecked sockets,
/// in the same order.
#[derive(Default)]
struct Owners {
    problems: Vec<usize>,
    obligations: Vec<usize>,
    unchecked: Vec<usize>,
}

/// A bound assumed at a loop's head and proven at each back edge: the counter stays on
/// `dir`'s side of `start`, its value on entry.
#[derive(Clone)]
struct Bound {
    counter: Counter,
    dir: Trend,
    start: Int,
}

/// Where a call comes from: the caller's channels (updated with the callee's summary), the
/// caller, the call's line, and what the caller's path knows (the facts and their reasons),
/// which the callee's obligations may use.
struct Caller<'a> {
    chans: &'a mut Vec<Chan>,
    func: FuncId,
    span: Option<Span>,
    facts: &'a [Bool],
    why: &'a [String],
}

/// A function being walked: the function, the kinds of what it was given (its memo key
/// without the values), its channels' states on entry, and whether its arguments were
/// generalised (the walk holds for every value of their kinds).
struct Frame {
    func: FuncId,
    kinds: String,
    states: Vec<Option<StateKey>>,
    /// Its environment, then its arguments, as walked.
    entry: Vec<AVal>,
    /// For a walk for every value: which of `entry` it kept from its first call.
    kept: Vec<bool>,
    /// For a walk for every value: its memo key.
    generalised: Option<(FuncId, String)>,
}

/// A call being entered: the function, the kinds of what it is given, its channels' states,
/// and where it is called from.
struct Entered {
    f: FuncId,
    kinds: String,
    states: Vec<Option<StateKey>>,
    caller: Option<FuncId>,
    span: Option<Span>,
}

/// True when two values are the same (the same terms).
fn same(a: &AVal, b: &AVal) -> bool {
    format!("{a:?}") == format!("{b:?}")
}

/// What a walk of a function starts from: its environment and arguments, its channels (those
/// at the positions `order` lists were given by the caller; their exit states make the
/// summary), whether it runs as a thread of its own, the names of its values, and what is
/// known on entry (facts and their reasons).
#[derive(Clone)]
struct Entry {
    env: Vec<AVal>,
    args: Vec<AVal>,
    chans: Vec<Chan>,
    order: Vec<usize>,
    thread: bool,
    names: Names,
    known: (Vec<Bool>, Vec<String>),
}

/// A function's effect on the channels it was given: their states when it returns
/// (`None` when it never returns), and their states at each point it may raise an exception
/// (each distinct state once).
#[derive(Debug, Clone, PartialEq)]
struct Summary {
    exits: Option<Vec<Option<StateKey>>>,
    raises: Vec<Raised<Vec<Option<StateKey>>>>,
    /// What the walk learnt of the value it returns (only from a walk done for this very
    /// call: a reused walk's terms would stand for another call's values).
    returned: Returned,
}

/// The values a function returns, each with the facts its path added: the call's value is
/// one of them. `None` when some return gives a value the encoding does not model.
#[derive(Debug, Clone, Default)]
struct Returned(Option<Vec<(Vec<Bool>, SVal)>>);

impl PartialEq for Returned {
    /// Not part of a summary's fixed point: it only constrains a call's value.
    fn eq(&self, _: &Returned) -> bool {
        true
    }
}

impl Returned {
    /// The fact that `value` is one of the values returned, on the path that returned it.
    fn fact(&self, value: &SVal) -> Option<Bool> {
        let ways = self.0.as_ref().filter(|w| !w.is_empty())?;
        let mut alternatives = Vec::new();
        for (facts, returned) in ways {
            let equal = match (value, returned) {
                (SVal::Int(a), SVal::Int(b)) => a.eq(b),
                (SVal::Bool(a), SVal::Bool(b)) => a.eq(b),
                (SVal::Str(a), SVal::Str(b)) => a.eq(b),
                _ => return None,
            };
            alternatives.push(Bool::and(&facts.iter().chain([&equal]).collect::<Vec<_>>()));
        }
        Some(Bool::or(&alternatives.iter().collect::<Vec<_>>()))
    }
}

/// A way a function may raise: the channels' states then (`S`), and the exception's
/// constructor when it is known (`raise Exit`, `failwith`, a channel operation's `Failure`).
type Raised<S> = (S, Option<ExnId>);

impl Summary {
    /// The summary as a walk done for another call gives it: without what it returned.
    fn reused(&self) -> Summary {
        Summary { returned: Returned::default(), ..self.clone() }
    }

    /// The summary of a function that neither returns nor raises (yet: the start of a fixed
    /// point).
    fn nothing() -> Summary {
        Summary { exits: None, raises: Vec::new(), returned: Returned::default() }
    }
}

/// What a call does to its caller: whether it returns (the caller's channels then are at
/// their states on return), and the caller's channels at each way it may raise.
struct Called {
    returns: bool,
    raises: Vec<Raised<Vec<Chan>>>,
    returned: Returned,
}

impl Called {
    /// A call that returns and never raises (or whose raising was reported already).
    fn returns() -> Called {
        Called { returns: true, raises: Vec::new(), returned: Returned::default() }
    }

    /// A call that neither returns nor raises.
    fn stops() -> Called {
        Called { returns: false, raises: Vec::new(), returned: Returned::default() }
    }
}

/// The exception exits of the function being walked: the positions of the channels it was
/// given, and their distinct states at the points where it may raise.
struct RaiseSink {
    order: Vec<usize>,
    states: Vec<Raised<Vec<Option<StateKey>>>>,
}

/// Everything the walk of a program produces.
pub struct Walker<'p> {
    program: &'p Program,
    graphs: &'p [Graph],
    /// The graph index of each `(module, protocol name)`.
    protocols: &'p HashMap<(String, String), usize>,
    global_funcs: HashMap<GlobalId, FuncId>,
    /// Globals set once to a constant by their module's initialiser (`list_nil`).
    global_consts: HashMap<GlobalId, Const>,
    /// Sockets and RPC handles stored in globals.
    global_vals: HashMap<GlobalId, AVal>,
    /// The contract of the next function walked (a request handler).
    contract: Option<Contract>,
    memo: HashMap<(FuncId, String), Summary>,
    stack: Vec<Frame>,
    /// One per function being walked, innermost last.
    raise_sinks: Vec<RaiseSink>,
    recursed: HashSet<(FuncId, String)>,
    /// Which walk of a function (an attempt) found each problem, obligation and unchecked
    /// socket: a walk done again takes back what its attempt found.
    owners: Owners,
    /// The attempts being walked, innermost last, and the next attempt's number.
    attempts: Vec<usize>,
    next_attempt: usize,
    /// Each function's loop shape.
    shapes: HashMap<FuncId, Rc<LoopShape>>,
    /// Loop bounds a walk could not prove, by function, loop head and counter.
    dropped: HashSet<(FuncId, BlockId, Counter)>,
    /// The positions of what a function is given that its recursion changes, by function and
    /// kinds: a walk for every value does not keep them.
    unstable: HashSet<(FuncId, String, usize)>,
    walked: HashSet<FuncId>,
    /// Problems found, as diagnostics.
    pub problems: Vec<Diagnostic>,
    /// Obligations decided.
    pub obligations: Vec<Obligation>,
    /// Sockets and RPC endpoints made without a protocol, where they are made.
    pub unchecked: Vec<(Span, Unchecked)>,
    /// The prover (and its time).
    pub prover: Prover,
    sources: &'p SourceMap,
    user_modules: Vec<String>,
    /// Call sites in user code on the current call chain (reports inside library code
    /// point at the outermost one).
    user_calls: Vec<Option<Span>>,
    /// The instruction being walked: function, block, position (for [`Walker::comments`]).
    here: (FuncId, BlockId, usize),
    /// What the walk saw at each instruction: protocol states and verdicts (`anerisc ir`).
    pub comments: Comments,
}

fn module_of(name: &str) -> &str {
    name.split('.').next().unwrap_or("")
}

impl<'p> Walker<'p> {
    /// A walker over `program` with the protocol graphs of its modules, deciding with `prover`.
    pub fn new(program: &'p Program, graphs: &'p [Graph], protocols: &'p HashMap<(String, String), usize>, sources: &'p SourceMap, prover: Prover) -> Walker<'p> {
        let mut global_funcs = HashMap::new();
        let mut global_consts = HashMap::new();
        for m in &program.modules {
            let init = program.func(m.init);
            let mut closures = HashMap::new();
            let mut consts = HashMap::new();
            for inst in init.blocks.iter().flat_map(|b| &b.insts) {
                match (&inst.kind, inst.dest) {
                    (InstKind::Closure(f, caps), Some(d)) if caps.is_empty() => {
                        closures.insert(d, *f);
                    }
                    (InstKind::Const(c), Some(d)) => {
                        consts.insert(d, c.clone());
                    }
                    (InstKind::SetGlobal(g, v), _) => {
                        if let Some(f) = closures.get(v) {
                            global_funcs.insert(*g, *f);
                        } else if let Some(c) = consts.get(v) {
                            global_consts.insert(*g, c.clone());
                        }
                    }
                    _ => {}
                }
            }
        }
        Walker {
            program,
            graphs,
            protocols,
            global_funcs,
            global_consts,
            global_vals: HashMap::new(),
            contract: None,
            memo: HashMap::new(),
            stack: Vec::new(),
            raise_sinks: Vec::new(),
            recursed: HashSet::new(),
            unstable: HashSet::new(),
            shapes: HashMap::new(),
            owners: Owners::default(),
            attempts: Vec::new(),
            next_attempt: 1,
            dropped: HashSet::new(),
            walked: HashSet::new(),
            problems: Vec::new(),
            obligations: Vec::new(),
            unchecked: Vec::new(),
            prover,
            sources,
            user_modules: Vec::new(),
            user_calls: Vec::new(),
            here: (FuncId(0), BlockId(0), 0),
            comments: Comments::default(),
        }
    }

    /// Walks the initialisers of `modules`, then every function of theirs not reached, with
    /// unknown arguments (for their asserts).
    pub fn run(&mut self, modules: &[String]) {
        self.user_modules = modules.to_vec();
        let user = |name: &str| modules.iter().any(|m| m == module_of(name));
        for m in self.program.modules.iter().filter(|m| user(&m.name)) {
            self.call(m.init, Vec::new(), Vec::new(), true, &mut Names::default(), None);
        }
        // Functions that other user functions call or make closures of come last, so that a
        // helper is first reached through its callers (with the channels they give it)
        // rather than with unknown arguments.
        let referenced: HashSet<FuncId> = self
            .program
            .functions
            .iter()
            .enumerate()
            .filter(|(_, f)| user(&f.name) && !f.name.ends_with(".init"))
            .flat_map(|(i, f)| {
                f.blocks.iter().flat_map(|b| &b.insts).filter_map(move |inst| match &inst.kind {
                    InstKind::Call(g, _) | InstKind::Closure(g, _) | InstKind::Sibling(g) if g.0 as usize != i => Some(*g),
                    _ => None,
                })
            })
            .collect();
        let ids = (0..self.program.functions.len()).map(|i| FuncId(i as u32));
        let order: Vec<FuncId> = ids.clone().filter(|id| !referenced.contains(id)).chain(ids.filter(|id| referenced.contains(id))).collect();
        for id in order {
            let f = self.program.func(id);
            if user(&f.name) && !self.walked.contains(&id) {
                let mut names = Names::default();
                let env = f.env.iter().map(|v| AVal::Sym(names.fresh_ir(f.ty(*v), f.vars[v.0 as usize].name.as_deref()))).collect();
                let args = f.params.iter().map(|v| AVal::Sym(names.fresh_ir(f.ty(*v), f.vars[v.0 as usize].name.as_deref()))).collect();
                self.walk(id, Entry { env, args, chans: Vec::new(), order: Vec::new(), thread: false, names, known: Default::default() });
            }
        }
    }

    /// Whether `func` is library code.
    fn in_library(&self, func: FuncId) -> bool {
        let module = module_of(&self.program.func(func).name);
        !self.user_modules.iter().any(|m| m == module)
    }

    /// The span a report about `span` shows: `span` in the user's files, no place (the
    /// default span) in the library's, which reports cannot show.
    fn shown_span(&self, span: Option<Span>) -> Span {
        span.filter(|s| self.program.in_user_file(*s)).unwrap_or_default()
    }

    /// Records a problem found in `func` at `span` and returns it to be completed; a problem
    /// inside library code is reported at the user's call that led there.
    fn problem(&mut self, code: Code, func: FuncId, span: Option<Span>, message: String) -> &mut Diagnostic {
        let diagnostic = match self.user_calls.first() {
            Some(at) if self.in_library(func) => Diagnostic::new(code, message, self.shown_span(*at))
                .with_note(format!("found inside the library function `{}`, called here", self.program.func(func).name)),
            _ => Diagnostic::new(code, message, self.shown_span(span)),
        };
        self.problems.push(diagnostic);
        self.owners.problems.push(self.attempts.last().copied().unwrap_or(0));
        self.problems.last_mut().expect("just pushed")
    }

    /// The line `span` starts on (0 when there is none), for texts.
    fn line_of(&self, span: Option<Span>) -> u32 {
        span.map_or(0, |s| self.program.line(s))
    }

    /// The channel slots an abstract value holds.
    fn slots(v: &AVal, out: &mut Vec<usize>) {
        match v {
            AVal::Chan(s) | AVal::TryRecv(s) => out.push(*s),
            AVal::Closure(_, env) => env.iter().for_each(|e| Walker::slots(e, out)),
            _ => {}
        }
    }

    /// Adds `text` to the comments of the instruction being walked.
    fn note(&mut self, text: String) {
        let (f, b, i) = self.here;
        self.comments.add(f, b, i, text);
    }

    /// A state as `protocol `p` (side) at next step`, with the receives owed.
    fn state_text(&self, k: &StateKey) -> String {
        let side = match k.side {
            Side::Client => "client",
            Side::Server => "server",
        };
        let g = &self.graphs[k.protocol];
        format!("protocol `{}` ({side}) at {}", g.name, position_text(g, k))
    }

    /// Comments a channel operation that took a channel from `before` to `after`.
    fn transition(&mut self, before: &StateKey, after: &StateKey) {
        let text = format!("{} -> {}", self.state_text(before), position_text(&self.graphs[after.protocol], after));
        self.note(text);
    }

    /// True when channel states `a` and `b` of two paths may meet: equal for the channels
    /// both have, and the channels only one has (made on its way, out of scope where the
    /// paths meet) finished or at rest.
    fn agree(&self, a: &[Option<StateKey>], b: &[Option<StateKey>]) -> bool {
        let n = a.len().min(b.len());
        let at_rest = |k: &Option<StateKey>| k.as_ref().is_none_or(|k| k.pending.is_empty() && self.graphs[k.protocol].is_boundary(k.pos));
        a[..n] == b[..n] && a[n..].iter().chain(&b[n..]).all(at_rest)
    }

    fn describe_keys(&self, keys: &[Option<StateKey>]) -> String {
        let parts: Vec<String> = keys
            .iter()
            .flatten()
            .map(|k| {
                let g = &self.graphs[k.protocol];
                let owed = if k.pending.is_empty() { String::new() } else { format!(" (owing {} receive{})", k.pending.len(), if k.pending.len() == 1 { "" } else { "s" }) };
                format!("protocol `{}` at {}{owed}", g.name, g.describe(k.pos))
            })
            .collect();
        if parts.is_empty() { "no channel".into() } else { parts.join("; ") }
    }

    /// Records an obligation decided by the current walk.
    fn obligation(&mut self, o: Obligation) {
        self.obligations.push(o);
        self.owners.obligations.push(self.attempts.last().copied().unwrap_or(0));
    }

    /// Records a socket made without a protocol by the current walk.
    fn unchecked_socket(&mut self, at: (Span, Unchecked)) {
        self.unchecked.push(at);
        self.owners.unchecked.push(self.attempts.last().copied().unwrap_or(0));
    }

    fn not_followed(&mut self, f: FuncId, span: Option<Span>, what: String) {
        let p = self.problem(Code::SessionNotFollowed, f, span, format!("the protocol checker cannot follow {what}"));
        p.set_label("the channel's protocol is lost here");
        p.help = Some("keep channels in local variables and pass them directly to the functions that use them".into());
    }

    /// Whether `g` makes a socket with a protocol itself: it is walked from each call, with
    /// what the caller knows of its arguments (the messages it sends may be the caller's).
    fn makes_protocol_socket(&self, g: FuncId) -> bool {
        self.program.func(g).blocks.iter().flat_map(|b| &b.insts).any(|i| matches!(&i.kind, InstKind::Chan { op: ChanOp::MakeClientSkt | ChanOp::MakeServerSkt, protocol: Some(_), .. }))
    }
}

/// The next step of state `k` of protocol `g`, after the receives owed.
fn position_text(g: &Graph, k: &StateKey) -> String {
    let owed: Vec<String> = k.pending.iter().map(|n| g.describe(*n)).collect();
    let owed = if owed.is_empty() { String::new() } else { format!("owing {}, then ", owed.join(", ")) };
    format!("{owed}{}", g.describe(k.pos))
}

/// The request and reply steps of a request/reply protocol
/// `mu r. !(req : ty) {pre}. ?(rep : ty) {post}. r`, if `g` is one.
fn rpc_steps(g: &Graph) -> Option<(NodeId, NodeId)> {
    let req = g.head(0)?;
    let rs = g.step(req)?;
    let rep = g.head(rs.next)?;
    let ps = g.step(rep)?;
    let shaped = rs.direction == Direction::Send && ps.direction == Direction::Receive && g.head(ps.next) == Some(req) && g.is_boundary(req);
    shaped.then_some((req, rep))
}

fn pred_expr_mentions(e: &anerisc_frontend::ast::Expr, x: &str) -> bool {
    super::cursor::mentions(e, x)
}

fn c_of(k: &InstKind) -> &Var {
    match k {
        InstKind::Apply(c, _) => c,
        _ => unreachable!("only applications have a closure"),
    }
}


/// The symbolic value of a constant (chars and floats are not modelled).
fn const_value(c: &Const) -> SVal {
    match c {
        Const::Int(n) => SVal::Int(Int::from_i64(*n)),
        Const::Bool(b) => SVal::Bool(Bool::from_bool(*b)),
        Const::Str(s) => std::str::from_utf8(s).map(|t| SVal::Str(ZStr::from(t))).unwrap_or(SVal::Opaque),
        Const::Unit => SVal::Unit,
        Const::Ctor(k) => SVal::Ctor(*k),
        Const::Char(_) | Const::Float(_) => SVal::Opaque,
    }
}

fn renumber(v: &AVal, map: &HashMap<usize, usize>) -> AVal {
    match v {
        AVal::Chan(s) => AVal::Chan(map[s]),
        AVal::TryRecv(s) => AVal::TryRecv(map[s]),
        AVal::Closure(f, env) => AVal::Closure(*f, env.iter().map(|e| renumber(e, map)).collect()),
        other => other.clone(),
    }
}

fn chan_keys(chans: &[Chan]) -> Vec<Option<StateKey>> {
    chans
        .iter()
        .map(|c| match c {
            Chan::Live { cursor, .. } => Some(cursor.key()),
            _ => None,
        })
        .collect()
}

/// The value of `counter` of the loop whose head is `head` on `path`.
fn counter_value(func: &Function, head: BlockId, path: &Path, counter: Counter) -> Option<SVal> {
    match counter {
        Counter::Param(i) => match path.vals.get(func.blocks[head.0 as usize].params.get(i)?) {
            Some(AVal::Sym(v)) => Some(v.clone()),
            _ => None,
        },
        Counter::Cell(c) => path.cells.get(&c).cloned(),
    }
}

/// The fact a switch case gives: `Some(Some(fact))`, `Some(None)` (taken, nothing known),
/// or `None` (the case cannot be taken).
fn switch_fact(v: &AVal, k: &Key) -> Option<Option<Bool>> {
    let AVal::Sym(s) = v else { return Some(None) };
    Some(match (s, k) {
        (SVal::Opt(some, _), Key::Imm(0)) => Some(some.not()),
        (SVal::Opt(some, _), Key::Tag(0)) => Some(some.clone()),
        (SVal::Sum(left, _, _), Key::Tag(0)) => Some(left.clone()),
        (SVal::Sum(left, _, _), Key::Tag(1)) => Some(left.not()),
        (SVal::Int(x), Key::Imm(n)) => Some(x.eq(Int::from_i64(*n))),
        (SVal::Bool(b), Key::Imm(n)) => Some(if *n == 0 { b.not() } else { b.clone() }),
        (SVal::Str(x), Key::Str(lit)) => std::str::from_utf8(lit).ok().map(|t| x.eq(ZStr::from(t))),
        (SVal::Block(t, _), Key::Tag(u)) => return (t == u).then_some(None),
        (SVal::Block(..), Key::Imm(_)) | (SVal::Ctor(_), Key::Tag(_)) => return None,
        (SVal::Ctor(a), Key::Imm(b)) => return (a == b).then_some(None),
        _ => None,
    })
}

/// The instruction raising `Assert_failure` when block `b` is the failing side of an
/// `assert` (its span is the `assert`'s).
fn assert_failure(func: &Function, b: BlockId) -> Option<&Inst> {
    func.blocks[b.0 as usize].insts.iter().find(|i| matches!(i.kind, InstKind::Prim(Prim::AssertFailure, _)))
}

fn loop_heads(cfg: &Cfg) -> HashSet<BlockId> {
    cfg.loop_headers().iter().enumerate().filter(|(_, h)| **h).map(|(b, _)| BlockId(b as u32)).collect()
}

/// True when the primitive `p`, given operands of the IR types `operands`, may raise an
/// exception without diverging: what its row of the primitive table says, except that a
/// comparison of immediates, strings or floats cannot raise (only functional values make
/// comparisons raise).
fn may_raise(p: Prim, mut operands: impl Iterator<Item = Ty>) -> bool {
    use Prim::*;
    match p {
        Eq | Ne | Lt | Gt | Le | Ge | Compare | Min | Max => !operands.all(|t| matches!(t, Ty::Int | Ty::Bool | Ty::Char | Ty::Unit | Ty::Str | Ty::Float)),
        _ => p.effects().raises,
    }
}

/// The module a function belongs to (its name's first part).
pub fn function_module(program: &Program, f: FuncId) -> &str {
    module_of(&program.func(f).name)
}
