//! The walk: every path of every function that handles channels, in order, with the state
//! of each channel, the facts known on the path (branch conditions, received predicates,
//! definitions of pure values) and the obligations met (refinements at sends, asserts).
//! Functions given channels are walked once per entry state (memoised); a recursive call
//! must come back at the state its function was entered in.

use super::cursor::{Consumed, Cursor, Refusal, Side, StateKey};
use super::graph::{Graph, NodeId};
use super::loops::{self, Counter, LoopShape, Trend};
use anerisc_frontend::protocol::syntax::Direction;
use super::obligation::{Obligation, ObligationKind};
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
    /// True while walking a function no followed path calls (with unknown arguments, for its
    /// asserts): no checked endpoint can reach it, so operations on unknown values are fine.
    unreached: bool,
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
            unreached: false,
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
                self.unreached = true;
                self.walk(id, Entry { env, args, chans: Vec::new(), order: Vec::new(), thread: false, names, known: Default::default() });
                self.unreached = false;
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


    /// The kinds of what a call is given (part of its memo key): the kind of each known
    /// scalar, sockets, RPC handles, the states of channels, closures with their
    /// environments' kinds.
    fn key_of(v: &AVal, chans: &[Chan], out: &mut String) {
        match v {
            // What is known of a value decides a message's type: `send_once int_ser 1` and
            // `send_once str_ser "a"` are walked apart.
            AVal::Sym(SVal::Int(_)) => out.push('i'),
            AVal::Sym(SVal::Bool(_)) => out.push('b'),
            AVal::Sym(SVal::Str(_)) => out.push('s'),
            AVal::Sym(_) => out.push('_'),
            AVal::Rpc(p) => out.push_str(&format!("R{p}")),
            AVal::UncheckedRpc => out.push('r'),
            AVal::Socket(s) => out.push_str(&format!("S{:?}{:?}", s.protocol, s.side)),
            AVal::Accepted(s) => out.push_str(&format!("A{:?}{:?}", s.protocol, s.side)),
            AVal::Chan(c) | AVal::TryRecv(c) => match &chans[*c] {
                Chan::Live { cursor, .. } => out.push_str(&format!("C{:?}", cursor.key())),
                Chan::Gone(_) => out.push('G'),
                Chan::Unchecked => out.push('U'),
            },
            AVal::Closure(f, env) => {
                out.push_str(&format!("F{}(", f.0));
                env.iter().for_each(|e| Walker::key_of(e, chans, out));
                out.push(')');
            }
        }
        out.push(',');
    }

    /// The values a call is given, as Z3 prints them (the rest of its memo key): a walk
    /// with these values and facts is reused only for the very same values and facts.
    fn values_of(v: &AVal, out: &mut String) {
        match v {
            AVal::Sym(s) => out.push_str(&format!("{s:?}")),
            AVal::Closure(_, env) => env.iter().for_each(|e| Walker::values_of(e, out)),
            _ => {}
        }
        out.push(',');
    }

    /// `v` with every value it holds replaced by a fresh one of the same shape (named after
    /// `name`): what a walk that must hold for every call is given.
    fn generalise(v: &AVal, names: &mut Names, name: &str) -> AVal {
        match v {
            AVal::Sym(s) => AVal::Sym(s.fresh_like(names, name)),
            AVal::Closure(g, env) => AVal::Closure(*g, env.iter().map(|e| Walker::generalise(e, names, name)).collect()),
            other => other.clone(),
        }
    }

    /// A call of `f` with environment `env` and arguments `args` (`caller`: on a path whose
    /// channels are updated with the callee's summary); `None` when the call never returns.
    ///
    /// Each call is walked with what it is given and what its caller knows, so every call
    /// meets the obligations of the callee (a walk is reused only for the same values and
    /// facts). A call of a function already being walked at the same kinds (recursion) is
    /// walked once with every value generalised — fresh values, no facts — so that it holds
    /// for every value the recursion may reach; its recursive calls use that walk's summary,
    /// computed to a fixed point.
    fn call(&mut self, f: FuncId, env: Vec<AVal>, args: Vec<AVal>, thread: bool, names: &mut Names, caller: Option<Caller<'_>>) -> Called {
        let mut no_chans = Vec::new();
        let (chans, caller_fn, span, facts, why) = match caller {
            Some(c) => (c.chans, Some(c.func), c.span, c.facts, c.why),
            None => (&mut no_chans, None, None, &[][..], &[][..]),
        };
        let mut kinds = String::new();
        env.iter().chain(&args).for_each(|v| Walker::key_of(v, chans, &mut kinds));
        let mut slots = Vec::new();
        env.iter().chain(&args).for_each(|v| Walker::slots(v, &mut slots));
        for s in &slots {
            if let Chan::Gone(at) = chans[*s] {
                let fork_line = self.line_of(at);
                let p = self.problem(Code::SessionUseAfterHandOver, caller_fn.unwrap_or(f), span, "this channel was handed to another thread".into());
                p.set_label("used here after `fork` gave it away");
                p.notes.push(format!("it was handed over by the `fork` on line {fork_line}"));
                p.help = Some("a channel has one owner: use it only in the thread it was given to".into());
                return Called::returns();
            }
        }
        let states: Vec<Option<StateKey>> = slots.iter().map(|s| match &chans[*s] {
            Chan::Live { cursor, .. } => Some(cursor.key()),
            _ => None,
        }).collect();
        let thread_mark = if thread { "T" } else { "" };
        if let Some(entered) = self.stack.iter().rev().find(|fr| fr.func == f && fr.kinds != kinds).map(|fr| fr.states.clone()) {
            if !slots.is_empty() && !self.stack.iter().any(|fr| fr.func == f && fr.kinds == kinds) {
                let (was, now) = (self.describe_keys(&entered), self.describe_keys(&states));
                let p = self.problem(Code::SessionRecursionState, caller_fn.unwrap_or(f), span, format!("`{}` calls itself at a different protocol state", self.program.func(f).name));
                p.set_label("recursive call here");
                p.notes.push(format!("entered with: {was}"));
                p.notes.push(format!("called again with: {now}"));
                p.help = Some("a recursive function must reach its recursive call at the state it started in (the top of a `mu`)".into());
                return Called::stops();
            }
        }
        // Callee-side channels: the caller's (with what its steps' binders stand for), and
        // the same states with fresh binders, for a walk that must hold for every call.
        let (mut callee_chans, mut fresh_chans) = (Vec::new(), Vec::new());
        let mut map = HashMap::new();
        for s in &slots {
            if map.contains_key(s) {
                continue;
            }
            let (same, fresh) = match &chans[*s] {
                Chan::Live { cursor, .. } => (
                    Chan::Live { cursor: cursor.clone(), owned: thread },
                    Chan::Live { cursor: Cursor::at(&self.graphs[cursor.protocol], &cursor.key(), names), owned: thread },
                ),
                other => (other.clone(), other.clone()),
            };
            map.insert(*s, callee_chans.len());
            callee_chans.push(same);
            fresh_chans.push(fresh);
        }
        let given: Vec<AVal> = env.iter().chain(&args).map(|v| renumber(v, &map)).collect();
        let order: Vec<usize> = slots.iter().map(|s| map[s]).collect();
        let known = (facts.to_vec(), why.to_vec());
        let call = Entered { f, kinds, states, caller: caller_fn, span };
        let entry = Entry { env: Vec::new(), args: Vec::new(), chans: callee_chans, order, thread, names: Names::default(), known };
        let outer = self.stack.iter().rposition(|fr| fr.func == f && fr.kinds == call.kinds);
        let summary = match outer.map(|i| (i, self.stack[i].generalised.clone())) {
            Some((i, Some(memo_key))) => {
                // A recursive call inside the walk for every value: the values it kept must
                // be passed on unchanged, or the walk is done again without them.
                let frame = &self.stack[i];
                let changed: Vec<usize> = (0..given.len()).filter(|p| frame.kept.get(*p).copied().unwrap_or(false) && !same(&given[*p], &frame.entry[*p])).collect();
                for p in changed {
                    self.unstable.insert((f, call.kinds.clone(), p));
                }
                self.recursed.insert(memo_key.clone());
                self.memo.get(&memo_key).map(Summary::reused).unwrap_or_else(Summary::nothing)
            }
            Some((i, None)) => {
                let first = self.stack[i].entry.clone();
                self.walk_for_every_value(call, given, &first, Entry { chans: fresh_chans, ..entry }, thread_mark)
            }
            None => {
                let mut exact = format!("{}|", call.kinds);
                given.iter().for_each(|v| Walker::values_of(v, &mut exact));
                exact.push_str(&format!("{:?}|", entry.chans));
                facts.iter().for_each(|fact| exact.push_str(&format!("{fact:?};")));
                let memo_key = (f, format!("{exact}{thread_mark}"));
                match self.memo.get(&memo_key) {
                    Some(s) => s.reused(),
                    None => {
                        let kept = vec![true; given.len()];
                        let result = self.enter(&call, memo_key.clone(), given, kept, None, entry);
                        self.memo.insert(memo_key, result.clone());
                        result
                    }
                }
            }
        };
        if thread {
            for s in &slots {
                chans[*s] = Chan::Gone(span);
            }
            return Called::returns();
        }
        let raises = summary.raises.iter().map(|(keys, exn)| (self.moved(chans, &slots, keys, names), *exn)).collect();
        let returns = match &summary.exits {
            Some(keys) => {
                *chans = self.moved(chans, &slots, keys, names);
                true
            }
            None => false,
        };
        Called { returns, raises, returned: summary.returned }
    }

    /// A recursive call of `call.f` from its walk with the values `first`: walks `f` once for
    /// every value the recursion may reach. A value passed on unchanged (the same as in
    /// `first`) is kept, with what is known of it; every other one is replaced by a fresh value
    /// of its shape. When the walk finds a recursive call that changes a kept value, it is
    /// done again without keeping it.
    fn walk_for_every_value(&mut self, call: Entered, given: Vec<AVal>, first: &[AVal], entry: Entry, thread_mark: &str) -> Summary {
        let func = self.program.func(call.f);
        let vars: Vec<Var> = func.env.iter().chain(&func.params).copied().collect();
        loop {
            let unstable_before = self.unstable.len();
            let kept: Vec<bool> = (0..given.len()).map(|p| first.get(p).is_some_and(|v| same(&given[p], v)) && !self.unstable.contains(&(call.f, call.kinds.clone(), p))).collect();
            let mut names = Names::default();
            let values: Vec<AVal> = given
                .iter()
                .zip(&kept)
                .zip(&vars)
                .map(|((v, keep), var)| if *keep { v.clone() } else { Walker::generalise(v, &mut names, func.vars[var.0 as usize].name.as_deref().unwrap_or("v")) })
                .collect();
            let mut key = format!("{}|all|", call.kinds);
            values.iter().zip(&kept).filter(|(_, k)| **k).for_each(|(v, _)| Walker::values_of(v, &mut key));
            entry.known.0.iter().for_each(|fact| key.push_str(&format!("{fact:?};")));
            let memo_key = (call.f, format!("{key}{thread_mark}"));
            if let Some(s) = self.memo.get(&memo_key) {
                return s.reused();
            }
            let entry = Entry { names, ..entry.clone() };
            let result = self.enter(&call, memo_key.clone(), values, kept, Some(memo_key.clone()), entry);
            self.memo.insert(memo_key, result.clone());
            if self.unstable.len() == unstable_before {
                return result;
            }
        }
    }

    /// Walks `call.f` given `values` (its environment, then its arguments) from `entry`,
    /// as a frame of the stack; a walk for every value (`generalised`, its memo key) is
    /// repeated until the summary its recursive calls use is the one it gives.
    fn enter(&mut self, call: &Entered, memo_key: (FuncId, String), values: Vec<AVal>, kept: Vec<bool>, generalised: Option<(FuncId, String)>, entry: Entry) -> Summary {
        let func = self.program.func(call.f);
        let (env, args) = values.split_at(func.env.len().min(values.len()));
        let from_user = call.caller.is_some_and(|c| self.user_modules.iter().any(|m| m == module_of(&self.program.func(c).name)));
        let mut current = Summary::nothing();
        for _ in 0..3 {
            self.memo.insert(memo_key.clone(), current.clone());
            self.stack.push(Frame { func: call.f, kinds: call.kinds.clone(), states: call.states.clone(), entry: values.clone(), kept: kept.clone(), generalised: generalised.clone() });
            if from_user {
                self.user_calls.push(call.span);
            }
            let result = self.walk(call.f, Entry { env: env.to_vec(), args: args.to_vec(), ..entry.clone() });
            if from_user {
                self.user_calls.pop();
            }
            self.stack.pop();
            let again = generalised.as_ref().is_some_and(|k| self.recursed.contains(k)) && result != current;
            current = result;
            if !again {
                break;
            }
        }
        current
    }

    /// `chans` with the channel in each of `slots` moved to the state `keys` gives it.
    fn moved(&self, chans: &[Chan], slots: &[usize], keys: &[Option<StateKey>], names: &mut Names) -> Vec<Chan> {
        let mut out = chans.to_vec();
        for (s, key) in slots.iter().zip(keys) {
            if let (Chan::Live { cursor, owned }, Some(k)) = (&chans[*s], key) {
                out[*s] = Chan::Live { cursor: Cursor::at(&self.graphs[cursor.protocol], k, names), owned: *owned };
            }
        }
        out
    }

    /// The function being walked may raise here the exception `exn` (unknown: `None`), with
    /// its channels in `chans`.
    fn may_raise(&mut self, chans: &[Chan], exn: Option<ExnId>) {
        let Some(sink) = self.raise_sinks.last_mut() else { return };
        let keys: Vec<Option<StateKey>> = sink.order.iter().map(|s| match &chans[*s] {
            Chan::Live { cursor, .. } => Some(cursor.key()),
            _ => None,
        }).collect();
        if !sink.states.contains(&(keys.clone(), exn)) {
            sink.states.push((keys, exn));
        }
    }

    /// The exception constructor of the program named `name` (`Failure`, `Exit`...).
    fn exception(&self, name: &str) -> Option<ExnId> {
        self.program.exceptions.iter().position(|e| e.name == name).map(|i| ExnId(i as u32))
    }

    /// Walks every path of `f` from `entry`; the states of the channels `entry.order` lists
    /// when it returns make the summary. When a loop bound assumed at a loop's head is not
    /// proven at a back edge, what this walk found is taken back and `f` walked again without
    /// that bound.
    fn walk(&mut self, f: FuncId, entry: Entry) -> Summary {
        loop {
            let dropped = self.dropped.len();
            let attempt = self.next_attempt;
            self.next_attempt += 1;
            self.attempts.push(attempt);
            let comments = self.comments.clone();
            let summary = self.walk_paths(f, entry.clone());
            self.attempts.pop();
            if self.dropped.len() == dropped {
                return summary;
            }
            self.comments = comments;
            let keep = |owners: &mut Vec<usize>| -> Vec<bool> {
                let keep = owners.iter().map(|o| *o != attempt).collect();
                owners.retain(|o| *o != attempt);
                keep
            };
            let kept = keep(&mut self.owners.problems);
            let mut k = kept.iter();
            self.problems.retain(|_| *k.next().unwrap_or(&true));
            let kept = keep(&mut self.owners.obligations);
            let mut k = kept.iter();
            self.obligations.retain(|_| *k.next().unwrap_or(&true));
            let kept = keep(&mut self.owners.unchecked);
            let mut k = kept.iter();
            self.unchecked.retain(|_| *k.next().unwrap_or(&true));
        }
    }

    /// One walk of every path of `f` (see [`Walker::walk`]).
    fn walk_paths(&mut self, f: FuncId, entry: Entry) -> Summary {
        let Entry { env, args, chans, order, thread, names, known: (mut facts, mut why) } = entry;
        self.walked.insert(f);
        self.raise_sinks.push(RaiseSink { order: order.clone(), states: Vec::new() });
        let contract = self.contract.take();
        let func = self.program.func(f);
        let heads = loop_heads(func);
        let mut vals = HashMap::new();
        let mut names = names;
        for (v, a) in func.env.iter().zip(env).chain(func.params.iter().zip(args)) {
            // An unknown value of a scalar type gets a name of its own, so that what the
            // function tests of it holds of every later use.
            let a = match a {
                AVal::Sym(SVal::Opaque) => AVal::Sym(names.fresh_ir(func.ty(*v), func.vars[v.0 as usize].name.as_deref())),
                other => other,
            };
            vals.insert(*v, a);
        }
        let given = chans.len();
        let known_facts = facts.len();
        let mut returned = Returned(Some(Vec::new()));
        for (fact, reason) in contract.iter().flat_map(|c| c.fact.clone()) {
            facts.push(fact);
            why.push(reason);
        }
        let start = Path { block: BlockId(0), vals, facts, why, chans, names, tags: HashMap::new(), exns: HashMap::new(), seen: Vec::new(), cells: HashMap::new(), untested: HashSet::new(), span: func.line };
        let mut stack = vec![start];
        let mut joins: HashMap<BlockId, Vec<Option<StateKey>>> = HashMap::new();
        let preds = predecessors(func);
        let mut exits: Option<Vec<Option<StateKey>>> = None;
        let mut steps = 0usize;
        while let Some(mut path) = stack.pop() {
            steps += 1;
            if steps > BUDGET {
                let p = self.problem(Code::SessionNotFollowed, f, func.line, format!("not supported yet: `{}` has too many paths for the protocol checker", func.name));
                p.help = Some("split the function into smaller ones".into());
                break;
            }
            let keys = chan_keys(&path.chans);
            if let Some((_, before, bounds)) = path.seen.iter().find(|(b, _, _)| *b == path.block) {
                self.check_bounds(f, &path, bounds);
                if !self.agree(before, &keys) {
                    let p = self.problem(Code::SessionRecursionState, f, path.span, "a loop ends at a different protocol state than it started".into());
                    p.set_label("the loop body changes the channel's state");
                    p.help = Some("each iteration must bring the channel back to where it was, or write the loop as a recursive function over the protocol's `mu`".into());
                }
                continue;
            }
            if preds.get(&path.block).copied().unwrap_or(0) > 1 {
                match joins.get(&path.block) {
                    Some(first) if !self.agree(first, &keys) => {
                        let (one, other) = (self.describe_keys(first), self.describe_keys(&keys));
                        let p = self.problem(Code::SessionPathsDisagree, f, path.span, "paths join with channels at different protocol states".into());
                        p.set_label("the branches before this point leave the channel in different states");
                        p.notes.push(format!("one path: {one}"));
                        p.notes.push(format!("another path: {other}"));
                        p.help = Some("make every branch perform the same protocol steps".into());
                        continue;
                    }
                    None => {
                        joins.insert(path.block, keys.clone());
                    }
                    _ => {}
                }
            }
            if heads.contains(&path.block) {
                let bounds = self.enter_loop(f, &mut path);
                path.seen.push((path.block, keys, bounds));
            }
            let block = &func.blocks[path.block.0 as usize];
            let mut alive = true;
            for (i, inst) in block.insts.iter().enumerate() {
                if inst.line.is_some() {
                    path.span = inst.line;
                }
                self.here = (f, path.block, i);
                if !self.inst(f, &mut path, inst) {
                    alive = false;
                    break;
                }
            }
            if !alive {
                continue;
            }
            self.here = (f, path.block, block.insts.len());
            match &block.term {
                Terminator::Jump(t) => stack.push(self.goto(func, path, t)),
                Terminator::Branch(c, t, e) => {
                    let cond = match path.vals.get(c) {
                        Some(AVal::Sym(SVal::Bool(b))) => Some(b.clone()),
                        _ => None,
                    };
                    if let Some(failure) = assert_failure(func, e.block) {
                        if !self.assert(f, &mut path, cond.clone(), failure.line) {
                            let exn = self.exception("Assert_failure");
                            self.may_raise(&path.chans, exn);
                        }
                        if let Some(c) = cond {
                            path.facts.push(c);
                            path.why.push(format!("the assert on line {}", self.line_of(path.span)));
                        }
                        stack.push(self.goto(func, path, t));
                        continue;
                    }
                    let mut other = path.clone();
                    if let Some(c) = &cond {
                        let at = self.line_of(path.span);
                        path.facts.push(c.clone());
                        path.why.push(format!("the condition on line {at} is true"));
                        other.facts.push(c.not());
                        other.why.push(format!("the condition on line {at} is false"));
                    }
                    stack.push(self.goto(func, other, e));
                    stack.push(self.goto(func, path, t));
                }
                Terminator::Switch { value, cases, default } => {
                    let v = path.vals.get(value).cloned().unwrap_or(AVal::Sym(SVal::Opaque));
                    let mut tests = Vec::new();
                    // An exception whose constructor is known takes its case, or the default.
                    let known = path.exns.get(value).copied();
                    let matched = known.is_some_and(|id| cases.iter().any(|(k, _)| *k == Key::Exn(id)));
                    for (k, b) in cases {
                        if let (Some(id), Key::Exn(e)) = (known, k) {
                            if *e != id {
                                continue;
                            }
                        }
                        let mut p = path.clone();
                        if let Key::Tag(t) = k {
                            p.tags.insert(*value, *t);
                        }
                        if let AVal::TryRecv(slot) = &v {
                            p.untested.remove(slot);
                            if matches!(k, Key::Tag(0)) && !self.receive(f, &mut p, *slot, *value, Ty::Any, "try_recv") {
                                continue;
                            }
                        }
                        match switch_fact(&v, k) {
                            Some(Some(fact)) => {
                                tests.push(fact.clone());
                                p.facts.push(fact);
                                p.why.push(format!("the match on line {} took one of its cases", self.line_of(p.span)));
                            }
                            Some(None) => {}
                            None => continue,
                        }
                        p.block = *b;
                        stack.push(p);
                    }
                    if let Some(d) = default.as_ref().filter(|_| !matched) {
                        let mut p = path.clone();
                        if let AVal::TryRecv(slot) = &v {
                            p.untested.remove(slot);
                        }
                        p.facts.extend(tests.iter().map(|t| t.not()));
                        let at = self.line_of(p.span);
                        p.why.extend(tests.iter().map(|_| format!("the match on line {at} took its default case")));
                        p.block = *d;
                        stack.push(p);
                    }
                }
                Terminator::Return(v) => {
                    if !path.untested.is_empty() && !matches!(path.vals.get(v), Some(AVal::TryRecv(_))) {
                        self.not_followed(f, path.span, "a `try_recv` whose result is never matched (whether a message was taken is unknown)".into());
                        continue;
                    }
                    if let Some(c) = &contract {
                        self.reply(f, &mut path, c, *v);
                    }
                    match (&mut returned.0, path.vals.get(v)) {
                        (Some(ways), Some(AVal::Sym(value @ (SVal::Int(_) | SVal::Bool(_) | SVal::Str(_))))) => ways.push((path.facts[known_facts.min(path.facts.len())..].to_vec(), value.clone())),
                        _ => returned.0 = None,
                    }
                    let mut held = Vec::new();
                    if let Some(a) = path.vals.get(v) {
                        Walker::slots(a, &mut held);
                    }
                    if !held.is_empty() {
                        let p = self.problem(Code::SessionNotFollowed, f, func.line.or(path.span), "not supported yet: a function returning a channel".into());
                        p.set_label("this function returns a channel; its caller's use of it would not be checked");
                        p.help = Some("pass the channel to the function that uses it instead of returning it".into());
                    } else if path.vals.get(v).is_some_and(|a| carries_protocol(a, &path.chans)) {
                        let p = self.problem(Code::SessionNotFollowed, f, func.line.or(path.span), "not supported yet: a function returning a socket with a protocol".into());
                        p.set_label("this function returns a socket with a protocol; its caller's use of it would not be checked");
                        p.help = Some("make the socket with `[@protocol]` in the function that connects or accepts on it".into());
                    }
                    for (i, c) in path.chans.iter().enumerate() {
                        if let Chan::Live { cursor, owned } = c {
                            let must_rest = *owned || i >= given || thread;
                            if must_rest && !cursor.at_boundary(&self.graphs[cursor.protocol]) {
                                let g = &self.graphs[cursor.protocol];
                                let due = cursor.due();
                                let (due_text, due_span) = (g.describe(due), g.step(due).map(|s| s.span));
                                let who = if func.name.ends_with(".init") { format!("the top level of module {}", module_of(&func.name)) } else { format!("`{}`", func.name) };
                                let p = self.problem(Code::SessionUnfinished, f, func.line.or(path.span), format!("{who} returns in the middle of a conversation of protocol `{}`", g.name));
                                p.set_label(format!("returns while {due_text} is still due"));
                                if let Some(s) = due_span {
                                    p.secondary.push(Label { span: s, message: "the step still due".into() });
                                }
                                p.help = Some("finish the conversation (reach `end` or the top of its `mu`) before returning".into());
                            }
                        }
                    }
                    let out: Vec<Option<StateKey>> = order.iter().map(|s| match &path.chans[*s] {
                        Chan::Live { cursor, .. } => Some(cursor.key()),
                        _ => None,
                    }).collect();
                    match &exits {
                        Some(e) if *e != out => {
                            let (one, other) = (self.describe_keys(e), self.describe_keys(&out));
                            let p = self.problem(Code::SessionPathsDisagree, f, func.line, format!("`{}` returns with its channels at different protocol states", func.name));
                            p.notes.push(format!("one return: {one}"));
                            p.notes.push(format!("another return: {other}"));
                            p.help = Some("make every branch perform the same protocol steps before returning".into());
                        }
                        None => exits = Some(out),
                        _ => {}
                    }
                }
                Terminator::TryCall { body, normal, handler } => {
                    // The handler starts at the channels' states at each point where the
                    // body may raise; the normal continuation where the body returns.
                    let before = path.chans.clone();
                    let called = match path.vals.get(body).cloned() {
                        Some(AVal::Closure(g, genv)) => {
                            let unit = AVal::Sym(SVal::Unit);
                            let span = path.span;
                            let caller = Caller { chans: &mut path.chans, func: f, span, facts: &path.facts, why: &path.why };
                            self.call(g, genv, vec![unit], false, &mut path.names, Some(caller))
                        }
                        _ => Called { returns: true, raises: vec![(before, None)], returned: Returned::default() },
                    };
                    let mut starts: Vec<(BlockId, Raised<Vec<Chan>>)> = called.raises.into_iter().map(|raised| (*handler, raised)).collect();
                    if called.returns {
                        starts.push((*normal, (path.chans.clone(), None)));
                    }
                    for (target, (chans, exn)) in starts {
                        let mut p = path.clone();
                        p.chans = chans;
                        if let Some(param) = func.blocks[target.0 as usize].params.first() {
                            let ty = if target == *handler { Ty::Exn } else { func.ty(*param) };
                            p.vals.insert(*param, AVal::Sym(p.names.fresh_ir(ty, None)));
                            if let Some(id) = exn {
                                p.exns.insert(*param, id);
                            }
                        }
                        p.block = target;
                        stack.push(p);
                    }
                }
                Terminator::Unreachable => {}
            }
        }
        let raises = self.raise_sinks.pop().map(|sink| sink.states).unwrap_or_default();
        Summary { exits, raises, returned }
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

    /// The loop shape of `f` (computed once).
    fn shape(&mut self, f: FuncId) -> Rc<LoopShape> {
        let func = self.program.func(f);
        self.shapes.entry(f).or_insert_with(|| Rc::new(loops::shape(func, &loop_heads(func)))).clone()
    }

    /// `path` enters the loop whose head it is at: the head's parameters and the cells the
    /// function writes get fresh values, each counter with its bound (unless a walk before
    /// could not prove it). The bounds to prove at the back edges.
    fn enter_loop(&mut self, f: FuncId, path: &mut Path) -> Vec<Bound> {
        let shape = self.shape(f);
        let func = self.program.func(f);
        let head = path.block;
        let mut starts: Vec<(Counter, SVal)> = Vec::new();
        for (i, p) in func.blocks[head.0 as usize].params.iter().enumerate() {
            if let Some(AVal::Sym(v)) = path.vals.get(p).cloned() {
                let name = func.vars[p.0 as usize].name.clone().unwrap_or_else(|| "v".into());
                let fresh = match func.ty(*p) {
                    Ty::Any => v.fresh_like(&mut path.names, &name),
                    ty => path.names.fresh_ir(ty, Some(&name)),
                };
                path.vals.insert(*p, AVal::Sym(fresh));
                starts.push((Counter::Param(i), v));
            }
        }
        for cell in &shape.written {
            if let Some(v) = path.cells.get(cell).cloned() {
                let name = func.vars[cell.0 as usize].name.clone().unwrap_or_else(|| "cell".into());
                path.cells.insert(*cell, v.fresh_like(&mut path.names, &format!("!{name}")));
                starts.push((Counter::Cell(*cell), v));
            }
        }
        let mut bounds = Vec::new();
        for (counter, dir) in shape.counters.get(&head).into_iter().flatten() {
            if self.dropped.contains(&(f, head, *counter)) {
                continue;
            }
            let Some((_, SVal::Int(start))) = starts.iter().find(|(c, _)| c == counter) else { continue };
            let Some(SVal::Int(now)) = counter_value(func, head, path, *counter) else { continue };
            let (fact, side) = match dir {
                Trend::Up => (now.ge(start), "only grows"),
                Trend::Down => (now.le(start), "only shrinks"),
            };
            path.facts.push(fact);
            path.why.push(format!("a counter of the loop on line {} {side}", self.line_of(path.span)));
            bounds.push(Bound { counter: *counter, dir: *dir, start: start.clone() });
        }
        bounds
    }

    /// At a back edge of a loop: each bound assumed at its head must hold of the counter's
    /// value now; one that is not proven is dropped, and the function is walked again.
    fn check_bounds(&mut self, f: FuncId, path: &Path, bounds: &[Bound]) {
        let func = self.program.func(f);
        for b in bounds {
            let holds = match counter_value(func, path.block, path, b.counter) {
                Some(SVal::Int(now)) => {
                    let goal = match b.dir {
                        Trend::Up => now.ge(&b.start),
                        Trend::Down => now.le(&b.start),
                    };
                    self.prover.prove(&path.facts, &goal, &path.names).is_proven()
                }
                _ => false,
            };
            if !holds {
                self.dropped.insert((f, path.block, b.counter));
            }
        }
    }

    /// `!`, `:=`, `incr` and `decr` of a local cell, and the `ref` that makes one: the walk
    /// keeps the cell's contents on the path. `None` for any other primitive.
    fn cell_op(&mut self, f: FuncId, path: &mut Path, p: Prim, args: &[Var], dest: Option<Var>, dest_ty: Ty) -> Option<AVal> {
        let cell = if p == Prim::Ref { dest? } else { *args.first()? };
        if !matches!(p, Prim::Ref | Prim::Deref | Prim::Assign | Prim::Incr | Prim::Decr) || !self.shape(f).cells.contains(&cell) {
            return None;
        }
        // A cell given a channel, socket or RPC handle is left to the checks of the
        // primitives (the contents the walk keeps are plain values).
        let stored = match p {
            Prim::Ref => args.first(),
            Prim::Assign => args.get(1),
            _ => None,
        };
        if stored.and_then(|v| path.vals.get(v)).is_some_and(|v| holds_endpoint(v, &path.chans)) {
            return None;
        }
        let sym = |path: &Path, v: &Var| match path.vals.get(v) {
            Some(AVal::Sym(s)) => s.clone(),
            _ => SVal::Opaque,
        };
        let unit = AVal::Sym(SVal::Unit);
        Some(match p {
            Prim::Ref => {
                let v = sym(path, &args[0]);
                path.cells.insert(cell, v);
                AVal::Sym(SVal::Opaque)
            }
            Prim::Deref => AVal::Sym(match path.cells.get(&cell) {
                Some(SVal::Opaque) | None => path.names.fresh_ir(dest_ty, None),
                Some(v) => v.clone(),
            }),
            Prim::Assign => {
                let v = sym(path, &args[1]);
                path.cells.insert(cell, v);
                unit
            }
            _ => {
                let step = if p == Prim::Incr { Prim::Succ } else { Prim::Pred };
                let now = path.cells.get(&cell).cloned().unwrap_or(SVal::Opaque);
                let next = crate::smt::prim::apply(step, &[now]).unwrap_or(SVal::Opaque);
                path.cells.insert(cell, next);
                unit
            }
        })
    }

    fn goto(&self, func: &Function, mut path: Path, t: &Target) -> Path {
        let params = &func.blocks[t.block.0 as usize].params;
        for (p, a) in params.iter().zip(&t.args) {
            let v = path.vals.get(a).cloned().unwrap_or(AVal::Sym(SVal::Opaque));
            path.vals.insert(*p, v);
        }
        path.block = t.block;
        path
    }

    /// The obligation of the `assert` at `span`, whose condition is `cond`, on `path`; true
    /// when it is proven (the assert cannot raise).
    fn assert(&mut self, f: FuncId, path: &mut Path, cond: Option<Bool>, span: Option<Span>) -> bool {
        let start = Instant::now();
        let verdict = match &cond {
            Some(c) => self.prover.prove(&path.facts, c, &path.names),
            None => Verdict::Unknown("the condition uses values the encoding does not model".into()),
        };
        self.note(format!("assert: {}", verdict.describe()));
        let proven = verdict.is_proven();
        self.obligation(Obligation { kind: ObligationKind::Assert, func: f, span, what: "assert".into(), verdict, time: start.elapsed() });
        proven
    }

    /// One instruction; false when the path ends here.
    fn inst(&mut self, f: FuncId, path: &mut Path, inst: &Inst) -> bool {
        let func = self.program.func(f);
        let dest_ty = inst.dest.map_or(Ty::Unit, |d| func.ty(d));
        let dest_name = inst.dest.and_then(|d| func.vars[d.0 as usize].name.clone());
        let val = |path: &Path, v: &Var| path.vals.get(v).cloned().unwrap_or(AVal::Sym(SVal::Opaque));
        let sym = |path: &Path, v: &Var| match path.vals.get(v) {
            Some(AVal::Sym(s)) => s.clone(),
            _ => SVal::Opaque,
        };
        let span = path.span;
        if let InstKind::Prim(p, args) = &inst.kind {
            if let Some(v) = self.cell_op(f, path, *p, args, inst.dest, dest_ty) {
                if let Some(d) = inst.dest {
                    path.vals.insert(d, v);
                }
                return true;
            }
        }
        let result: AVal = match &inst.kind {
            InstKind::Const(c) => AVal::Sym(const_value(c)),
            InstKind::Prim(p, args) => {
                let avs: Vec<AVal> = args.iter().map(|a| val(path, a)).collect();
                match (p, avs.first()) {
                    (Prim::Fst, Some(AVal::Accepted(sock))) => {
                        let sock = sock.clone();
                        self.new_chan(f, path, &sock)
                    }
                    (Prim::Snd, Some(AVal::Accepted(_))) => AVal::Sym(SVal::Opaque),
                    _ => {
                        if *p == Prim::Ignore && matches!(avs.first(), Some(AVal::TryRecv(_))) {
                            self.not_followed(f, span, "the result of a `try_recv` thrown away (the message it may have taken would be lost)".into());
                            return false;
                        }
                        if avs.iter().any(|v| holds_endpoint(v, &path.chans)) && *p != Prim::Ignore {
                            self.not_followed(f, span, format!("a channel, socket or RPC handle given to the primitive `{}`", p.name()));
                            return false;
                        }
                        if p.diverges() {
                            let exn = match p {
                                Prim::Raise => args.first().and_then(|a| path.exns.get(a).copied()),
                                Prim::Failwith => self.exception("Failure"),
                                Prim::InvalidArg => self.exception("Invalid_argument"),
                                Prim::AssertFailure => self.exception("Assert_failure"),
                                Prim::MatchFailure => self.exception("Match_failure"),
                                _ => None,
                            };
                            if *p != Prim::Exit {
                                self.may_raise(&path.chans, exn);
                            }
                            return false;
                        }
                        if may_raise(*p, args.iter().map(|a| func.ty(*a))) {
                            self.may_raise(&path.chans, None);
                        }
                        let svs: Vec<SVal> = args.iter().map(|a| sym(path, a)).collect();
                        AVal::Sym(crate::smt::prim::apply(*p, &svs).unwrap_or_else(|| path.names.fresh_ir(dest_ty, None)))
                    }
                }
            }
            InstKind::Global(g) => match (self.global_funcs.get(g), self.global_vals.get(g), self.global_consts.get(g)) {
                (Some(func), _, _) => AVal::Closure(*func, Vec::new()),
                (_, Some(v), _) => v.clone(),
                (_, _, Some(c)) => AVal::Sym(const_value(c)),
                _ => AVal::Sym(path.names.fresh_ir(dest_ty, None)),
            },
            InstKind::SetGlobal(g, v) => {
                match val(path, v) {
                    a @ (AVal::Socket(_) | AVal::Rpc(_) | AVal::UncheckedRpc) => {
                        self.global_vals.insert(*g, a);
                    }
                    a if carries_protocol(&a, &path.chans) && !matches!(a, AVal::Closure(_, ref e) if e.is_empty()) => {
                        self.not_followed(f, span, "a channel stored in a global".into());
                        return false;
                    }
                    _ => {}
                }
                AVal::Sym(SVal::Unit)
            }
            InstKind::Closure(g, caps) => AVal::Closure(*g, caps.iter().map(|c| val(path, c)).collect()),
            InstKind::Sibling(g) => AVal::Closure(*g, func.env.iter().map(|c| val(path, c)).collect()),
            InstKind::Apply(_, args) | InstKind::Call(_, args) => {
                let target = match &inst.kind {
                    InstKind::Call(g, _) => Some((*g, Vec::new())),
                    _ => match val(path, c_of(&inst.kind)) {
                        AVal::Closure(g, env) if self.program.func(g).params.len() == args.len() => Some((g, env)),
                        _ => None,
                    },
                };
                let avs: Vec<AVal> = args.iter().map(|a| val(path, a)).collect();
                match target {
                    Some((g, env)) if env.iter().chain(&avs).any(|v| holds_endpoint(v, &path.chans)) || self.makes_protocol_socket(g) => {
                        let caller = Caller { chans: &mut path.chans, func: f, span, facts: &path.facts, why: &path.why };
                        let called = self.call(g, env, avs, false, &mut path.names, Some(caller));
                        for (chans, exn) in &called.raises {
                            self.may_raise(chans, *exn);
                        }
                        if !called.returns {
                            return false;
                        }
                        let value = path.names.fresh_ir(dest_ty, dest_name.as_deref());
                        if let Some(fact) = called.returned.fact(&value) {
                            path.facts.push(fact);
                            path.why.push(format!("what `{}` returns", self.program.func(g).name));
                        }
                        AVal::Sym(value)
                    }
                    Some((g, env)) if env.is_empty() => {
                        self.may_raise(&path.chans, None);
                        let svs: Vec<SVal> = avs.iter().map(|a| if let AVal::Sym(s) = a { s.clone() } else { SVal::Opaque }).collect();
                        AVal::Sym(self.inline(g, &svs).unwrap_or_else(|| path.names.fresh_ir(dest_ty, dest_name.as_deref())))
                    }
                    None if avs.iter().any(|v| holds_endpoint(v, &path.chans)) => {
                        self.not_followed(f, span, "a channel or RPC handle given to a function the checker cannot identify".into());
                        return false;
                    }
                    _ => {
                        self.may_raise(&path.chans, None);
                        AVal::Sym(path.names.fresh_ir(dest_ty, dest_name.as_deref()))
                    }
                }
            }
            InstKind::Make(tag, args) => {
                let avs: Vec<AVal> = args.iter().map(|a| val(path, a)).collect();
                if avs.iter().any(|v| holds_endpoint(v, &path.chans)) {
                    self.not_followed(f, span, "a channel, socket or RPC handle stored in a data structure".into());
                    return false;
                }
                AVal::Sym(SVal::Block(*tag, args.iter().map(|a| sym(path, a)).collect()))
            }
            InstKind::Field(v, i) if matches!(path.vals.get(v), Some(AVal::Accepted(_))) => match (path.vals.get(v).cloned(), i) {
                (Some(AVal::Accepted(sock)), 0) => self.new_chan(f, path, &sock),
                _ => AVal::Sym(path.names.fresh_ir(dest_ty, dest_name.as_deref())),
            },
            InstKind::Field(v, i) => {
                let i = *i as usize;
                AVal::Sym(match (sym(path, v), path.tags.get(v)) {
                    (SVal::Pair(a, b), _) => if i == 0 { *a } else { *b },
                    (SVal::Block(_, parts), _) if i < parts.len() => parts[i].clone(),
                    (SVal::Opt(_, x), _) if i == 0 => *x,
                    (SVal::Sum(_, l, _), Some(0)) if i == 0 => *l,
                    (SVal::Sum(_, _, r), Some(1)) if i == 0 => *r,
                    _ => path.names.fresh_ir(dest_ty, dest_name.as_deref()),
                })
            }
            InstKind::MakeExn(id, _) => {
                if let Some(d) = inst.dest {
                    path.exns.insert(d, *id);
                }
                AVal::Sym(path.names.fresh_ir(dest_ty, None))
            }
            InstKind::ExnArg(..) | InstKind::Printf(..) => AVal::Sym(path.names.fresh_ir(dest_ty, None)),
            InstKind::Fork(c, a) => {
                let arg = val(path, a);
                match val(path, c) {
                    AVal::Closure(g, env) => {
                        let caller = Caller { chans: &mut path.chans, func: f, span, facts: &path.facts, why: &path.why };
                        self.call(g, env, vec![arg], true, &mut path.names, Some(caller));
                    }
                    _ if holds_endpoint(&arg, &path.chans) => {
                        self.not_followed(f, span, "a channel or RPC handle given to a thread whose function the checker cannot identify".into());
                        return false;
                    }
                    _ => {}
                }
                AVal::Sym(SVal::Unit)
            }
            InstKind::Chan { op, args, protocol, .. } => {
                // A channel operation may raise `Failure` before it takes effect: a serializer
                // or deserializer that fails on a malformed message (docs/protocols.md).
                if matches!(op, ChanOp::Send | ChanOp::Recv | ChanOp::TryRecv | ChanOp::RpcRequest) {
                    let failure = self.exception("Failure");
                    self.may_raise(&path.chans, failure);
                }
                let avs: Vec<AVal> = args.iter().map(|a| val(path, a)).collect();
                match self.chan_op(f, path, *op, &avs, args, protocol.as_deref(), inst.dest, dest_ty) {
                    Some(v) => v,
                    None => return false,
                }
            }
        };
        if let Some(d) = inst.dest {
            path.vals.insert(d, result);
        }
        true
    }

    fn not_followed(&mut self, f: FuncId, span: Option<Span>, what: String) {
        let p = self.problem(Code::SessionNotFollowed, f, span, format!("the protocol checker cannot follow {what}"));
        p.set_label("the channel's protocol is lost here");
        p.help = Some("keep channels in local variables and pass them directly to the functions that use them".into());
    }

    fn new_chan(&mut self, f: FuncId, path: &mut Path, sock: &Sock) -> AVal {
        let chan = match sock.protocol {
            Some(p) => match Cursor::start(&self.graphs[p], p, sock.side) {
                Ok(cursor) => {
                    self.note(format!("new channel: {}", self.state_text(&cursor.key())));
                    Chan::Live { cursor, owned: true }
                }
                Err(_) => {
                    self.not_followed(f, path.span, format!("protocol `{}`, which loops without a message", self.graphs[p].name));
                    Chan::Unchecked
                }
            },
            None => Chan::Unchecked,
        };
        path.chans.push(chan);
        AVal::Chan(path.chans.len() - 1)
    }

    #[allow(clippy::too_many_arguments)]
    fn chan_op(&mut self, f: FuncId, path: &mut Path, op: ChanOp, avs: &[AVal], args: &[Var], protocol: Option<&str>, dest: Option<Var>, dest_ty: Ty) -> Option<AVal> {
        let func = self.program.func(f);
        let span = path.span;
        let module = module_of(&func.name).to_string();
        if let Some(AVal::Chan(slot)) = avs.first() {
            if path.untested.contains(slot) {
                self.not_followed(f, span, "a channel used again before the result of its `try_recv` is matched (whether a message was taken is unknown)".into());
                return None;
            }
        }
        Some(match op {
            ChanOp::MakeClientSkt | ChanOp::MakeServerSkt => {
                let side = if op == ChanOp::MakeClientSkt { Side::Client } else { Side::Server };
                let protocol = protocol.and_then(|p| self.protocols.get(&(module, p.to_string())).copied());
                if protocol.is_none() {
                    self.unchecked_socket((self.shown_span(span), Unchecked::Socket));
                }
                AVal::Socket(Sock { protocol, side })
            }
            ChanOp::ServerListen => AVal::Sym(SVal::Unit),
            ChanOp::Accept | ChanOp::Connect | ChanOp::Send | ChanOp::Recv | ChanOp::TryRecv if !matches!(avs.first(), Some(AVal::Socket(_) | AVal::Chan(_))) => {
                if self.unreached {
                    return Some(AVal::Sym(path.names.fresh_ir(dest_ty, None)));
                }
                let origin = if matches!(op, ChanOp::Accept | ChanOp::Connect) { "a socket it cannot trace to its `make_client_skt` or `make_server_skt`" } else { "a channel it cannot trace to its `connect` or `accept`" };
                self.not_followed(f, span, format!("`{}` on {origin}", op.name()));
                return None;
            }
            ChanOp::Accept => match avs.first() {
                Some(AVal::Socket(s)) => AVal::Accepted(s.clone()),
                _ => AVal::Sym(SVal::Opaque),
            },
            ChanOp::Connect => match avs.first() {
                Some(AVal::Socket(s)) => {
                    let s = s.clone();
                    self.new_chan(f, path, &s)
                }
                _ => AVal::Sym(SVal::Opaque),
            },
            ChanOp::Send => {
                let Some(AVal::Chan(slot)) = avs.first() else { return Some(AVal::Sym(SVal::Unit)) };
                let value_var = args.get(1).copied();
                self.send(f, path, *slot, value_var)?;
                AVal::Sym(SVal::Unit)
            }
            ChanOp::Recv => {
                let Some(AVal::Chan(slot)) = avs.first() else { return Some(AVal::Sym(path.names.fresh_ir(dest_ty, None))) };
                let d = dest?;
                if !self.receive(f, path, *slot, d, dest_ty, "recv") {
                    return None;
                }
                path.vals.get(&d).cloned().unwrap_or(AVal::Sym(SVal::Opaque))
            }
            ChanOp::TryRecv => match avs.first() {
                Some(AVal::Chan(slot)) => {
                    path.untested.insert(*slot);
                    AVal::TryRecv(*slot)
                }
                _ => AVal::Sym(SVal::Opaque),
            },
            ChanOp::RpcServe | ChanOp::RpcServeOpt | ChanOp::RpcConnect => {
                let Some(p) = protocol.and_then(|p| self.protocols.get(&(module, p.to_string())).copied()) else {
                    self.unchecked_socket((self.shown_span(span), Unchecked::Rpc));
                    return Some(if op == ChanOp::RpcConnect { AVal::UncheckedRpc } else { AVal::Sym(path.names.fresh_ir(dest_ty, None)) });
                };
                if rpc_steps(&self.graphs[p]).is_none() {
                    let p = self.problem(Code::SessionNotFollowed, f, span, format!("protocol `{}` is not a request/reply protocol", self.graphs[p].name));
                    p.set_label("an RPC endpoint's protocol");
                    p.help = Some("give RPC endpoints a protocol `mu r. !(req : ty) {pre}. ?(rep : ty) {post}. r`".into());
                    return None;
                }
                if op == ChanOp::RpcConnect {
                    AVal::Rpc(p)
                } else {
                    self.serve(f, span, p, avs.get(3), op == ChanOp::RpcServeOpt);
                    AVal::Sym(SVal::Unit)
                }
            }
            ChanOp::RpcRequest => match avs.first() {
                Some(AVal::Rpc(p)) => self.request(f, path, *p, args.get(1).copied(), dest)?,
                Some(AVal::UncheckedRpc) => AVal::Sym(path.names.fresh_ir(dest_ty, None)),
                _ if self.unreached => AVal::Sym(path.names.fresh_ir(dest_ty, None)),
                _ => {
                    self.not_followed(f, span, "an RPC request on a handle it cannot trace to its `rpc_connect`".into());
                    return None;
                }
            },
        })
    }

    /// The channel in `slot` and whether it is owned, taken out of the path (the caller puts
    /// it back once it has moved it, or ends the path), refusing a handed-over one; `None`
    /// when it is not followed.
    fn live(&mut self, f: FuncId, path: &mut Path, slot: usize, what: &'static str) -> Option<(Cursor, bool)> {
        match &path.chans[slot] {
            Chan::Live { .. } => match std::mem::replace(&mut path.chans[slot], Chan::Unchecked) {
                Chan::Live { cursor, owned } => Some((cursor, owned)),
                _ => None,
            },
            Chan::Gone(at) => {
                let fork_line = self.line_of(*at);
                let p = self.problem(Code::SessionUseAfterHandOver, f, path.span, format!("`{what}` on a channel handed to another thread"));
                p.set_label("used here after `fork` gave it away");
                p.notes.push(format!("it was handed over by the `fork` on line {fork_line}"));
                p.help = Some("a channel has one owner: use it only in the thread it was given to".into());
                None
            }
            Chan::Unchecked => None,
        }
    }

    fn refuse(&mut self, f: FuncId, span: Option<Span>, what: &'static str, cursor: &Cursor, r: Refusal) {
        let g = &self.graphs[cursor.protocol];
        let name = g.name.clone();
        let (code, message, label, step) = match r {
            Refusal::WrongDirection { due } => {
                let s = g.step(due);
                let dir = if what == "send" { "receive" } else { "send" };
                (Code::SessionWrongDirection, format!("`{what}` where protocol `{name}` expects this endpoint to {dir}"), format!("the next step here is {}", g.describe(due)), s.map(|s| s.span))
            }
            Refusal::Ended => (Code::SessionWrongDirection, format!("`{what}` after the conversation of protocol `{name}` has ended"), "the protocol is at `end` here".into(), None),
            Refusal::TooFarAhead => (Code::SessionSendAhead, format!("more than {} messages sent ahead of their answers on protocol `{name}`", super::cursor::LOOKAHEAD), "this send overtakes too many receives".into(), None),
            Refusal::Depends { send, on } => (
                Code::SessionSendAhead,
                format!("this send's step depends on {}, which has not been received yet", g.describe(on)),
                format!("the step {} mentions `{}`", g.describe(send), g.step(on).map_or("?", |s| s.binder.as_str())),
                g.step(send).map(|s| s.span),
            ),
            Refusal::NoStep => (Code::SessionNotFollowed, format!("protocol `{name}` loops without a message"), String::new(), None),
        };
        let p = self.problem(code, f, span, message);
        p.set_label(label);
        if let Some(s) = step {
            p.secondary.push(Label { span: s, message: "the protocol step due".into() });
        }
        p.help = Some(match code {
            Code::SessionSendAhead => "receive the message first, then send".into(),
            _ => "follow the protocol's order: compare with its declaration".into(),
        });
    }

    fn send(&mut self, f: FuncId, path: &mut Path, slot: usize, value: Option<Var>) -> Option<()> {
        let (mut cursor, owned) = self.live(f, path, slot, "send")?;
        let g = &self.graphs[cursor.protocol];
        let step_id = match cursor.next_send(g) {
            Ok(s) => s,
            Err(r) => {
                self.refuse(f, path.span, "send", &cursor, r);
                return None;
            }
        };
        let step = g.step(step_id).expect("next_send returns a step").clone();
        let func = self.program.func(f);
        let ty = value.map_or(Ty::Any, |v| func.ty(v));
        if !step.ty.admits(ty) {
            self.wrong_type(f, path.span, &step, ty);
            return None;
        }
        let sv = match value.and_then(|v| path.vals.get(&v).cloned()) {
            Some(AVal::Sym(s)) => s,
            _ => SVal::Opaque,
        };
        // A polymorphic value (`Any` in the IR) is checked by what the walk knows of it: a
        // scalar of another type than the step's is the wrong message.
        let known = match &sv {
            SVal::Int(_) => Some(Ty::Int),
            SVal::Bool(_) => Some(Ty::Bool),
            SVal::Str(_) => Some(Ty::Str),
            SVal::Unit => Some(Ty::Unit),
            _ => None,
        };
        if let (Ty::Any, Some(known)) = (ty, known) {
            if !step.ty.admits(known) {
                self.wrong_type(f, path.span, &step, known);
                return None;
            }
        }
        let binder = step.binder.clone();
        let conformed = sv.conform(&step.ty, &mut path.names, &binder).unwrap_or_else(|| path.names.fresh(&step.ty, &binder));
        if let Some(v) = value {
            path.vals.insert(v, AVal::Sym(conformed.clone()));
        }
        let before = cursor.key();
        let consumed = match cursor.send(g, conformed, &mut path.names) {
            Ok(c) => c,
            Err(r) => {
                self.refuse(f, path.span, "send", &cursor, r);
                return None;
            }
        };
        self.transition(&before, &cursor.key());
        if let Some(pred) = &step.pred {
            self.refinement(f, path, cursor.protocol, &consumed, pred, &step);
        }
        path.chans[slot] = Chan::Live { cursor, owned };
        Some(())
    }

    /// Whether `g` makes a socket with a protocol itself: it is walked from each call, with
    /// what the caller knows of its arguments (the messages it sends may be the caller's).
    fn makes_protocol_socket(&self, g: FuncId) -> bool {
        self.program.func(g).blocks.iter().flat_map(|b| &b.insts).any(|i| matches!(&i.kind, InstKind::Chan { op: ChanOp::MakeClientSkt | ChanOp::MakeServerSkt, protocol: Some(_), .. }))
    }

    /// The obligation that `pred_expr`, the predicate of `step` (consumed as `consumed`) of
    /// protocol `protocol`, holds on `path`; a failure is reported where the path is.
    #[allow(clippy::too_many_arguments)]
    fn refinement(&mut self, f: FuncId, path: &Path, protocol: usize, consumed: &Consumed, pred_expr: &anerisc_frontend::ast::Expr, step: &super::graph::StepNode) {
        let start = Instant::now();
        let g = &self.graphs[protocol];
        let text = self.sources.snippet(pred_expr.span).trim().to_string();
        let verdict = match pred::boolean(pred_expr, &consumed.env) {
            Ok(goal) => {
                let shown: Vec<(String, SVal)> = consumed.env.iter().rev().filter(|(n, _)| pred_expr_mentions(pred_expr, n)).map(|(n, v)| (n.clone(), v.clone())).collect();
                let mut unique: Vec<(String, SVal)> = Vec::new();
                for (n, v) in shown.into_iter().rev() {
                    if !unique.iter().any(|(m, _)| *m == n) {
                        unique.push((n, v));
                    }
                }
                self.prover.prove_showing(&path.facts, &goal, &path.names, &unique)
            }
            Err(why) => Verdict::Unknown(why),
        };
        let what = format!("{{{text}}} of {} in protocol `{}`", g.describe(consumed.node), g.name);
        self.note(format!("refinement {what}: {}", verdict.describe()));
        self.obligation(Obligation { kind: ObligationKind::Refinement, func: f, span: path.span, what, verdict: verdict.clone(), time: start.elapsed() });
        if verdict.is_proven() {
            return;
        }
        let p = self.problem(Code::SessionRefinement, f, path.span, format!("the refinement `{text}` of protocol `{}` cannot be proven", g.name));
        p.set_label(format!("this message must satisfy `{text}`"));
        p.secondary.push(Label { span: step.span, message: format!("the step {} declares `{text}`", g.describe(consumed.node)) });
        let mut facts = path.why.clone();
        facts.dedup();
        p.notes.push(format!("path facts: {}", if facts.is_empty() { "none".to_string() } else { facts.join("; ") }));
        match verdict {
            Verdict::Refuted(values) => p.notes.push(format!("counterexample: {}", Verdict::counterexample(&values))),
            Verdict::Unknown(why) => p.notes.push(format!("Z3 could not decide it: {why}")),
            Verdict::Proven => {}
        }
        p.help = Some("change the value sent, or check before sending (an `if` or `assert` gives the fact)".into());
    }

    fn wrong_type(&mut self, f: FuncId, span: Option<Span>, step: &super::graph::StepNode, ty: Ty) {
        let shown = if ty == Ty::Str { "string" } else { ty.name() };
        let p = self.problem(Code::SessionMessageType, f, span, format!("this message has type `{shown}`, but the protocol's step carries `{}`", step.ty));
        p.set_label(format!("of type {shown} here"));
        p.secondary.push(Label { span: step.span, message: format!("the step declares `{} : {}`", step.binder, step.ty) });
        p.help = Some("make the serializers of the socket and the protocol's message types agree".into());
    }

    /// A receive into `dest` on `slot`; false when the path cannot go on.
    fn receive(&mut self, f: FuncId, path: &mut Path, slot: usize, dest: Var, dest_ty: Ty, what: &'static str) -> bool {
        let Some((mut cursor, owned)) = self.live(f, path, slot, what) else {
            return matches!(path.chans[slot], Chan::Unchecked);
        };
        let g = &self.graphs[cursor.protocol];
        let name = self.program.func(f).vars[dest.0 as usize].name.clone().unwrap_or_else(|| "received".into());
        let before = cursor.key();
        let (consumed, value) = match cursor.recv(g, &mut path.names, &name) {
            Ok(r) => r,
            Err(r) => {
                self.refuse(f, path.span, what, &cursor, r);
                return false;
            }
        };
        self.transition(&before, &cursor.key());
        let step = g.step(consumed.node).expect("a receive consumes a step").clone();
        if what == "recv" && !step.ty.admits(dest_ty) {
            self.wrong_type(f, path.span, &step, dest_ty);
            return false;
        }
        if let Some(pred) = &step.pred {
            if let Ok(fact) = pred::boolean(pred, &consumed.env) {
                path.facts.push(fact);
                path.why.push(format!("`{}` (protocol `{}`, received on line {})", self.sources.snippet(pred.span).trim(), g.name, self.line_of(path.span)));
            }
        }
        let value = if what == "try_recv" { SVal::Opt(Bool::from_bool(true), Box::new(value)) } else { value };
        path.vals.insert(dest, AVal::Sym(value));
        path.chans[slot] = Chan::Live { cursor, owned };
        true
    }

    /// `rpc_start ... handler [@protocol p]`: walks the handler once, given a request that
    /// satisfies the request's refinement, and proves the reply's at each of its returns.
    /// With `optional` (`run_server_opt`), the handler is given `Some request` or `None` (no
    /// request came in time) and answers `Some reply` or `None` (nothing is sent).
    fn serve(&mut self, f: FuncId, span: Option<Span>, protocol: usize, handler: Option<&AVal>, optional: bool) {
        let handler = match handler {
            Some(AVal::Closure(h, env)) if self.program.func(*h).params.len() == 1 && !env.iter().any(|e| { let mut s = Vec::new(); Walker::slots(e, &mut s); !s.is_empty() }) => Some((*h, env.clone())),
            _ => None,
        };
        let Some((h, env)) = handler else {
            self.not_followed(f, span, "a request handler it cannot identify (give `rpc_start` a function of one argument)".into());
            return;
        };
        let g = &self.graphs[protocol];
        let Some((req, _)) = rpc_steps(g) else { return };
        let step = g.step(req).expect("an RPC protocol's request is a step").clone();
        let mut names = Names::default();
        let (argument, request, present) = if optional {
            let some = Bool::fresh_const("present");
            names.leaves.push(("a request came".into(), Leaf::Bool(some.clone())));
            let request = names.fresh(&step.ty, &step.binder);
            (SVal::Opt(some.clone(), Box::new(request.clone())), request, Some(some))
        } else {
            let request = names.fresh(&step.ty, &step.binder);
            (request.clone(), request, None)
        };
        let fact = step.pred.as_ref().and_then(|pre| {
            let fact = pred::boolean(pre, &vec![(step.binder.clone(), request.clone())]).ok()?;
            let fact = match &present {
                Some(some) => some.implies(&fact),
                None => fact,
            };
            Some((fact, format!("`{}` (protocol `{}`, the request)", self.sources.snippet(pre.span).trim(), g.name)))
        });
        self.contract = Some(Contract { protocol, request, present, fact });
        self.walk(h, Entry { env, args: vec![AVal::Sym(argument)], chans: Vec::new(), order: Vec::new(), thread: false, names, known: Default::default() });
    }

    /// A request handler returns `value`: the reply's refinement must hold of it.
    fn reply(&mut self, f: FuncId, path: &mut Path, contract: &Contract, value: Var) {
        let g = &self.graphs[contract.protocol];
        let Some((req, rep)) = rpc_steps(g) else { return };
        let (rs, ps) = (g.step(req).expect("a step").clone(), g.step(rep).expect("a step").clone());
        let ty = self.program.func(f).ty(value);
        let answer_ty = match contract.present {
            Some(_) => MsgTy::Option(Box::new(ps.ty.clone())),
            None => ps.ty.clone(),
        };
        if !answer_ty.admits(ty) {
            self.wrong_type(f, path.span, &ps, ty);
            return;
        }
        let sv = match path.vals.get(&value) {
            Some(AVal::Sym(s)) => s.clone(),
            _ => SVal::Opaque,
        };
        let answer = sv.conform(&answer_ty, &mut path.names, &ps.binder).unwrap_or_else(|| path.names.fresh(&answer_ty, &ps.binder));
        let (reply, mut facts) = match (&contract.present, answer) {
            (Some(present), SVal::Opt(answered, reply)) => {
                self.answers_exactly(f, path, contract.protocol, present, &answered, &ps);
                (*reply, vec![present.clone(), answered])
            }
            (_, reply) => (reply, Vec::new()),
        };
        let Some(post) = &ps.pred else { return };
        let consumed = Consumed { node: rep, env: vec![(rs.binder.clone(), contract.request.clone()), (ps.binder.clone(), reply)] };
        if facts.is_empty() {
            self.refinement(f, path, contract.protocol, &consumed, post, &ps);
        } else {
            let mut answering = path.clone();
            answering.facts.append(&mut facts);
            answering.why.push("a request came and the handler answers it".into());
            self.refinement(f, &answering, contract.protocol, &consumed, post, &ps);
        }
    }

    /// A `run_server_opt` handler returns: it must answer (`Some`) exactly when a request
    /// came (`present`). Declining a request leaves its reply due forever; answering none
    /// sends a reply the protocol does not expect.
    #[allow(clippy::too_many_arguments)]
    fn answers_exactly(&mut self, f: FuncId, path: &Path, protocol: usize, present: &Bool, answered: &Bool, reply: &super::graph::StepNode) {
        let g = &self.graphs[protocol];
        let name = g.name.clone();
        let duties = [
            (present.implies(answered), Code::SessionUnfinished, format!("the handler may decline a request (return `None`), leaving the reply of protocol `{name}` due"), "returns `None` although a request came", "answer every request with `Some reply`"),
            (answered.implies(present), Code::SessionWrongDirection, format!("the handler may answer (return `Some`) when no request came, against protocol `{name}`"), "returns `Some` although no request came", "answer `None` when the handler is given `None`"),
        ];
        for (goal, code, message, label, help) in duties {
            let start = Instant::now();
            let verdict = self.prover.prove(&path.facts, &goal, &path.names);
            let what = format!("{} in protocol `{name}`", if code == Code::SessionUnfinished { "a reply to every request" } else { "no reply without a request" });
            self.note(format!("{what}: {}", verdict.describe()));
            self.obligation(Obligation { kind: ObligationKind::Refinement, func: f, span: path.span, what, verdict: verdict.clone(), time: start.elapsed() });
            if verdict.is_proven() {
                continue;
            }
            let p = self.problem(code, f, path.span, message);
            p.set_label(label);
            p.secondary.push(Label { span: reply.span, message: "the reply step".into() });
            let mut facts = path.why.clone();
            facts.dedup();
            p.notes.push(format!("path facts: {}", if facts.is_empty() { "none".to_string() } else { facts.join("; ") }));
            if let Verdict::Refuted(values) = verdict {
                p.notes.push(format!("counterexample: {}", Verdict::counterexample(&values)));
            }
            p.help = Some(help.into());
        }
    }

    /// `rpc_make_request r v` on a handle of protocol `protocol`: the request's refinement
    /// must hold of `v`, and the reply (into `dest`) satisfies the reply's.
    fn request(&mut self, f: FuncId, path: &mut Path, protocol: usize, value: Option<Var>, dest: Option<Var>) -> Option<AVal> {
        let g = &self.graphs[protocol];
        let (req, rep) = rpc_steps(g)?;
        let (rs, ps) = (g.step(req)?.clone(), g.step(rep)?.clone());
        let func = self.program.func(f);
        let ty = value.map_or(Ty::Any, |v| func.ty(v));
        if !rs.ty.admits(ty) {
            self.wrong_type(f, path.span, &rs, ty);
            return None;
        }
        let sv = match value.and_then(|v| path.vals.get(&v)) {
            Some(AVal::Sym(s)) => s.clone(),
            _ => SVal::Opaque,
        };
        let request = sv.conform(&rs.ty, &mut path.names, &rs.binder).unwrap_or_else(|| path.names.fresh(&rs.ty, &rs.binder));
        let mut consumed = Consumed { node: req, env: vec![(rs.binder.clone(), request)] };
        if let Some(pre) = &rs.pred {
            self.refinement(f, path, protocol, &consumed, pre, &rs);
        }
        let name = dest.and_then(|d| func.vars[d.0 as usize].name.clone()).unwrap_or_else(|| ps.binder.clone());
        let reply = path.names.fresh(&ps.ty, &name);
        consumed.env.push((ps.binder.clone(), reply.clone()));
        if let Some(post) = &ps.pred {
            if let Ok(fact) = pred::boolean(post, &consumed.env) {
                path.facts.push(fact);
                path.why.push(format!("`{}` (protocol `{}`, the reply on line {})", self.sources.snippet(post.span).trim(), self.graphs[protocol].name, self.line_of(path.span)));
            }
        }
        self.note(format!("request and reply of protocol `{}`", self.graphs[protocol].name));
        Some(AVal::Sym(reply))
    }

    /// The value of a call of a small pure function without environment, if it is one
    /// (its own direct calls of such functions are inlined too, [`INLINE_DEPTH`] deep), so
    /// that facts about a helper's result cross the function boundary; a call of
    /// [`LIST_LENGTH`] on a list whose length the encoding knows is that length.
    fn inline(&self, g: FuncId, args: &[SVal]) -> Option<SVal> {
        self.inline_at(g, args, 0)
    }

    fn inline_at(&self, g: FuncId, args: &[SVal], depth: usize) -> Option<SVal> {
        let func = self.program.func(g);
        if func.name == LIST_LENGTH {
            return args.first()?.list_length().map(SVal::Int);
        }
        let insts: usize = func.blocks.iter().map(|b| b.insts.len()).sum();
        if depth > INLINE_DEPTH || insts > 40 || !loop_heads(func).is_empty() || !func.env.is_empty() || func.params.len() != args.len() {
            return None;
        }
        let pure = func.blocks.iter().flat_map(|b| &b.insts).all(|i| match &i.kind {
            InstKind::Const(_) | InstKind::Field(..) | InstKind::Make(..) | InstKind::Call(..) => true,
            InstKind::Prim(p, _) => crate::smt::prim::apply(*p, &[]).is_none() || matches!(p, Prim::MaxInt | Prim::MinInt),
            _ => false,
        });
        if !pure {
            return None;
        }
        let mut vals: HashMap<Var, SVal> = func.params.iter().copied().zip(args.iter().cloned()).collect();
        inline_block(func, BlockId(0), &mut vals, 0, &|h, a| self.inline_at(h, a, depth + 1))
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

/// Evaluates a pure acyclic function from `b`: its result as nested `ite`s.
/// `call` gives the value of a direct call.
fn inline_block(func: &Function, b: BlockId, vals: &mut HashMap<Var, SVal>, depth: usize, call: &dyn Fn(FuncId, &[SVal]) -> Option<SVal>) -> Option<SVal> {
    if depth > 16 {
        return None;
    }
    let block = &func.blocks[b.0 as usize];
    for inst in &block.insts {
        let get = |v: &Var| vals.get(v).cloned().unwrap_or(SVal::Opaque);
        let v = match &inst.kind {
            InstKind::Const(c @ (Const::Int(_) | Const::Bool(_) | Const::Str(_) | Const::Unit | Const::Ctor(_))) => match const_value(c) {
                SVal::Opaque => return None,
                v => v,
            },
            InstKind::Prim(p, args) => crate::smt::prim::apply(*p, &args.iter().map(get).collect::<Vec<_>>())?,
            InstKind::Call(g, args) => call(*g, &args.iter().map(get).collect::<Vec<_>>())?,
            InstKind::Make(t, args) => SVal::Block(*t, args.iter().map(get).collect()),
            InstKind::Field(v, i) => match get(v) {
                SVal::Pair(a, c) => if *i == 0 { *a } else { *c },
                SVal::Block(_, parts) => parts.get(*i as usize)?.clone(),
                _ => return None,
            },
            _ => return None,
        };
        if let Some(d) = inst.dest {
            vals.insert(d, v);
        }
    }
    let jump = |t: &Target, vals: &mut HashMap<Var, SVal>| -> Option<SVal> {
        let params = &func.blocks[t.block.0 as usize].params;
        for (p, a) in params.iter().zip(&t.args) {
            let v = vals.get(a).cloned()?;
            vals.insert(*p, v);
        }
        inline_block(func, t.block, vals, depth + 1, call)
    };
    match &block.term {
        Terminator::Return(v) => vals.get(v).cloned(),
        Terminator::Jump(t) => jump(t, vals),
        Terminator::Branch(c, t, e) => {
            let c = vals.get(c)?.as_bool()?;
            let a = jump(t, &mut vals.clone())?;
            let b = jump(e, vals)?;
            SVal::ite(&c, &a, &b)
        }
        _ => None,
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

/// How many edges enter each block.
fn predecessors(func: &Function) -> HashMap<BlockId, usize> {
    let mut n = HashMap::new();
    for b in &func.blocks {
        for s in b.term.successors() {
            *n.entry(s).or_insert(0) += 1;
        }
    }
    n
}

/// The targets of back edges (loop heads).
fn loop_heads(func: &Function) -> HashSet<BlockId> {
    anerisc_ir::cfg::Cfg::new(func).loop_headers().iter().enumerate().filter(|(_, h)| **h).map(|(b, _)| BlockId(b as u32)).collect()
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
