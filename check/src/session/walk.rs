//! The walk: every path of every function that handles channels, in order, with the state
//! of each channel, the facts known on the path (branch conditions, received predicates,
//! definitions of pure values) and the obligations met (refinements at sends, asserts).
//! Functions given channels are walked once per entry state (memoised); a recursive call
//! must come back at the state its function was entered in.

use super::cursor::{Consumed, Cursor, Refusal, Side, StateKey};
use super::graph::{Graph, NodeId};
use anerisc_frontend::protocol::syntax::Direction;
use super::problem::{Obligation, ObligationKind, Problem};
use super::spans::Anchor;
use anerisc_ir::ir::*;
use anerisc_ir::prim::Prim;
use anerisc_ir::print::Comments;
use crate::smt::pred;
use crate::smt::msg::MsgTy;
use crate::smt::value::{Leaf, Names, SVal};
use crate::smt::{Prover, Verdict};
use anerisc_diag::codes::Code;
use anerisc_diag::span::SourceMap;
use std::collections::{HashMap, HashSet};
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
        AVal::Sym(_) | AVal::Rpc(_) => false,
        AVal::Socket(s) | AVal::Accepted(s) => s.protocol.is_some(),
        AVal::Chan(c) | AVal::TryRecv(c) => !matches!(chans.get(*c), Some(Chan::Unchecked) | None),
        AVal::Closure(_, env) => env.iter().any(|e| carries_protocol(e, chans)),
    }
}

/// A channel's state on a path.
#[derive(Debug, Clone)]
enum Chan {
    /// Followed; `owned` when it must rest at a boundary when its owner returns.
    Live { cursor: Cursor, owned: bool },
    /// Given to a thread by `fork` on this line.
    Gone(Option<u32>),
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
    seen: Vec<(BlockId, Vec<Option<StateKey>>)>,
    line: Option<u32>,
}

/// A function's effect on the channels it was given: their states when it returns
/// (`None` when it never returns).
#[derive(Debug, Clone, PartialEq)]
struct Summary {
    exits: Option<Vec<Option<StateKey>>>,
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
    stack: Vec<(FuncId, String, Vec<Option<StateKey>>)>,
    recursed: HashSet<(FuncId, String)>,
    walked: HashSet<FuncId>,
    /// Problems found.
    pub problems: Vec<Problem>,
    /// Obligations decided.
    pub obligations: Vec<Obligation>,
    /// Lines of sockets made without a protocol, with their function.
    pub unchecked: Vec<(FuncId, Option<u32>, Anchor)>,
    /// The prover (and its time).
    pub prover: Prover,
    sources: &'p SourceMap,
    user_modules: Vec<String>,
    /// Call sites in user code on the current call chain (reports inside library code
    /// point at the outermost one).
    user_calls: Vec<(FuncId, Option<u32>)>,
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
            recursed: HashSet::new(),
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
                self.walk(id, env, args, Vec::new(), Vec::new(), false, names);
            }
        }
    }

    fn problem(&mut self, code: Code, func: FuncId, line: Option<u32>, anchor: Anchor, message: String) -> &mut Problem {
        let module = module_of(&self.program.func(func).name);
        let problem = match self.user_calls.first() {
            Some((caller, at)) if !self.user_modules.iter().any(|m| m == module) => {
                let mut p = Problem::new(code, *caller, *at, Anchor::Function, message);
                p.notes.push(format!("found inside the library function `{}`, called here", self.program.func(func).name));
                p
            }
            _ => Problem::new(code, func, line, anchor, message),
        };
        self.problems.push(problem);
        self.problems.last_mut().expect("just pushed")
    }

    /// The channel slots an abstract value holds.
    fn slots(v: &AVal, out: &mut Vec<usize>) {
        match v {
            AVal::Chan(s) | AVal::TryRecv(s) => out.push(*s),
            AVal::Closure(_, env) => env.iter().for_each(|e| Walker::slots(e, out)),
            _ => {}
        }
    }


    /// The memo key of a call: the function and what it is given.
    fn key_of(v: &AVal, chans: &[Chan], out: &mut String) {
        match v {
            // What is known of a value decides a message's type: `send_once int_ser 1` and
            // `send_once str_ser "a"` are walked apart.
            AVal::Sym(SVal::Int(_)) => out.push('i'),
            AVal::Sym(SVal::Bool(_)) => out.push('b'),
            AVal::Sym(SVal::Str(_)) => out.push('s'),
            AVal::Sym(_) => out.push('_'),
            AVal::Rpc(p) => out.push_str(&format!("R{p}")),
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

    /// A call of `f` with environment `env` and arguments `args` on a path whose channels
    /// are `chans` (updated with the callee's summary); `None` when the call never returns.
    fn call(&mut self, f: FuncId, env: Vec<AVal>, args: Vec<AVal>, thread: bool, names: &mut Names, caller: Option<(&mut Vec<Chan>, FuncId, Option<u32>)>) -> Option<()> {
        let mut no_chans = Vec::new();
        let (chans, caller_fn, line) = match caller {
            Some((c, f, l)) => (c, Some(f), l),
            None => (&mut no_chans, None, None),
        };
        let mut key = String::new();
        env.iter().chain(&args).for_each(|v| Walker::key_of(v, chans, &mut key));
        let mut slots = Vec::new();
        env.iter().chain(&args).for_each(|v| Walker::slots(v, &mut slots));
        for s in &slots {
            if let Chan::Gone(at) = chans[*s] {
                let p = self.problem(Code::SessionUseAfterHandOver, caller_fn.unwrap_or(f), line, Anchor::Call("fork"), "this channel was handed to another thread".into());
                p.label = "used here after `fork` gave it away".into();
                p.notes.push(format!("it was handed over by the `fork` on line {}", at.unwrap_or(0)));
                p.help = Some("a channel has one owner: use it only in the thread it was given to".into());
                return Some(());
            }
        }
        let states: Vec<Option<StateKey>> = slots.iter().map(|s| match &chans[*s] {
            Chan::Live { cursor, .. } => Some(cursor.key()),
            _ => None,
        }).collect();
        let sk = (f, key.clone());
        let mk = (f, format!("{key}{}", if thread { "T" } else { "" }));
        let summary = if self.stack.iter().any(|(g, k, _)| *g == f && *k == key) {
            self.recursed.insert(sk.clone());
            self.memo.get(&sk).or_else(|| self.memo.get(&(f, format!("{key}T")))).cloned().unwrap_or(Summary { exits: None })
        } else if let Some(s) = self.memo.get(&mk) {
            s.clone()
        } else {
            if let Some((_, _, entered)) = self.stack.iter().rev().find(|(g, k, _)| *g == f && *k != key) {
                if !slots.is_empty() {
                    let (was, now) = (self.describe_keys(entered), self.describe_keys(&states));
                    let p = self.problem(Code::SessionRecursionState, caller_fn.unwrap_or(f), line, Anchor::Function, format!("`{}` calls itself at a different protocol state", self.program.func(f).name));
                    p.label = "recursive call here".into();
                    p.notes.push(format!("entered with: {was}"));
                    p.notes.push(format!("called again with: {now}"));
                    p.help = Some("a recursive function must reach its recursive call at the state it started in (the top of a `mu`)".into());
                    return None;
                }
            }
            // Callee-side channels: fresh binders at the caller's states.
            let mut callee_chans = Vec::new();
            let mut map = HashMap::new();
            for s in &slots {
                if map.contains_key(s) {
                    continue;
                }
                let c = match &chans[*s] {
                    Chan::Live { cursor, .. } => Chan::Live { cursor: Cursor::at(&self.graphs[cursor.protocol], &cursor.key(), names), owned: thread },
                    other => other.clone(),
                };
                map.insert(*s, callee_chans.len());
                callee_chans.push(c);
            }
            let renumber = |v: &AVal| renumber(v, &map);
            let env2: Vec<AVal> = env.iter().map(renumber).collect();
            let args2: Vec<AVal> = args.iter().map(renumber).collect();
            let order: Vec<usize> = slots.iter().map(|s| map[s]).collect();
            let mut current = Summary { exits: None };
            let mut result = current.clone();
            for _ in 0..3 {
                self.memo.insert(mk.clone(), current.clone());
                self.stack.push((f, key.clone(), states.clone()));
                let from_user = caller_fn.is_some_and(|c| self.user_modules.iter().any(|m| m == module_of(&self.program.func(c).name)));
                if from_user {
                    self.user_calls.push((caller_fn.unwrap_or(f), line));
                }
                result = self.walk(f, env2.clone(), args2.clone(), callee_chans.clone(), order.clone(), thread, Names::default());
                if from_user {
                    self.user_calls.pop();
                }
                self.stack.pop();
                if !self.recursed.contains(&sk) || result == current {
                    break;
                }
                current = result.clone();
            }
            self.memo.insert(mk.clone(), result.clone());
            result
        };
        if thread {
            for s in &slots {
                chans[*s] = Chan::Gone(line);
            }
            return Some(());
        }
        let exits = summary.exits?;
        for (s, exit) in slots.iter().zip(exits) {
            if let (Chan::Live { cursor, owned }, Some(k)) = (&chans[*s], exit) {
                let owned = *owned;
                let cursor = Cursor::at(&self.graphs[cursor.protocol], &k, names);
                chans[*s] = Chan::Live { cursor, owned };
            }
        }
        Some(())
    }

    /// Walks every path of `f`; `order` lists the callee slots of the channels given, whose
    /// exit states make the summary.
    #[allow(clippy::too_many_arguments)]
    fn walk(&mut self, f: FuncId, env: Vec<AVal>, args: Vec<AVal>, chans: Vec<Chan>, order: Vec<usize>, thread: bool, names: Names) -> Summary {
        self.walked.insert(f);
        let contract = self.contract.take();
        let func = self.program.func(f);
        let heads = loop_heads(func);
        let mut vals = HashMap::new();
        for (v, a) in func.env.iter().zip(env).chain(func.params.iter().zip(args)) {
            vals.insert(*v, a);
        }
        let given = chans.len();
        let (facts, why) = contract.iter().flat_map(|c| c.fact.clone()).unzip();
        let start = Path { block: BlockId(0), vals, facts, why, chans, names, tags: HashMap::new(), seen: Vec::new(), line: func.line };
        let mut stack = vec![start];
        let mut joins: HashMap<BlockId, Vec<Option<StateKey>>> = HashMap::new();
        let preds = predecessors(func);
        let mut exits: Option<Vec<Option<StateKey>>> = None;
        let mut steps = 0usize;
        while let Some(mut path) = stack.pop() {
            steps += 1;
            if steps > BUDGET {
                let p = self.problem(Code::SessionNotFollowed, f, func.line, Anchor::Function, format!("not supported yet: `{}` has too many paths for the protocol checker", func.name));
                p.help = Some("split the function into smaller ones".into());
                break;
            }
            let keys = chan_keys(&path.chans);
            if let Some((_, before)) = path.seen.iter().find(|(b, _)| *b == path.block) {
                if !self.agree(before, &keys) {
                    let p = self.problem(Code::SessionRecursionState, f, path.line, Anchor::Function, "a loop ends at a different protocol state than it started".into());
                    p.label = "the loop body changes the channel's state".into();
                    p.help = Some("each iteration must bring the channel back to where it was, or write the loop as a recursive function over the protocol's `mu`".into());
                }
                continue;
            }
            if preds.get(&path.block).copied().unwrap_or(0) > 1 {
                match joins.get(&path.block) {
                    Some(first) if !self.agree(first, &keys) => {
                        let (one, other) = (self.describe_keys(first), self.describe_keys(&keys));
                        let p = self.problem(Code::SessionPathsDisagree, f, path.line, Anchor::Function, "paths join with channels at different protocol states".into());
                        p.label = "the branches before this point leave the channel in different states".into();
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
                path.seen.push((path.block, keys));
            }
            let block = &func.blocks[path.block.0 as usize];
            let mut alive = true;
            for (i, inst) in block.insts.iter().enumerate() {
                if inst.line.is_some() {
                    path.line = inst.line;
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
                Terminator::Jump(t) => stack.push(self.goto(func, &heads, path, t)),
                Terminator::Branch(c, t, e) => {
                    let cond = match path.vals.get(c) {
                        Some(AVal::Sym(SVal::Bool(b))) => Some(b.clone()),
                        _ => None,
                    };
                    if is_assert_failure(func, e.block) {
                        self.assert(f, &mut path, cond.clone());
                        if let Some(c) = cond {
                            path.facts.push(c);
                            path.why.push(format!("the assert on line {}", path.line.unwrap_or(0)));
                        }
                        stack.push(self.goto(func, &heads, path, t));
                        continue;
                    }
                    let mut other = path.clone();
                    if let Some(c) = &cond {
                        let at = path.line.unwrap_or(0);
                        path.facts.push(c.clone());
                        path.why.push(format!("the condition on line {at} is true"));
                        other.facts.push(c.not());
                        other.why.push(format!("the condition on line {at} is false"));
                    }
                    stack.push(self.goto(func, &heads, other, e));
                    stack.push(self.goto(func, &heads, path, t));
                }
                Terminator::Switch { value, cases, default } => {
                    let v = path.vals.get(value).cloned().unwrap_or(AVal::Sym(SVal::Opaque));
                    let mut tests = Vec::new();
                    for (k, b) in cases {
                        let mut p = path.clone();
                        if let Key::Tag(t) = k {
                            p.tags.insert(*value, *t);
                        }
                        if let AVal::TryRecv(slot) = &v {
                            if matches!(k, Key::Tag(0)) && !self.receive(f, &mut p, *slot, *value, Ty::Any, "try_recv") {
                                continue;
                            }
                        }
                        match switch_fact(&v, k) {
                            Some(Some(fact)) => {
                                tests.push(fact.clone());
                                p.facts.push(fact);
                                p.why.push(format!("the match on line {} took one of its cases", p.line.unwrap_or(0)));
                            }
                            Some(None) => {}
                            None => continue,
                        }
                        p.block = *b;
                        stack.push(p);
                    }
                    if let Some(d) = default {
                        let mut p = path.clone();
                        p.facts.extend(tests.iter().map(|t| t.not()));
                        p.why.extend(tests.iter().map(|_| format!("the match on line {} took its default case", p.line.unwrap_or(0))));
                        p.block = *d;
                        stack.push(p);
                    }
                }
                Terminator::Return(v) => {
                    if let Some(c) = &contract {
                        self.reply(f, &mut path, c, *v);
                    }
                    let mut held = Vec::new();
                    if let Some(a) = path.vals.get(v) {
                        Walker::slots(a, &mut held);
                    }
                    if !held.is_empty() {
                        let p = self.problem(Code::SessionNotFollowed, f, path.line, Anchor::Function, "not supported yet: a function returning a channel".into());
                        p.label = "this function returns a channel; its caller's use of it would not be checked".into();
                        p.help = Some("pass the channel to the function that uses it instead of returning it".into());
                    } else if path.vals.get(v).is_some_and(|a| carries_protocol(a, &path.chans)) {
                        let p = self.problem(Code::SessionNotFollowed, f, path.line, Anchor::Function, "not supported yet: a function returning a socket with a protocol".into());
                        p.label = "this function returns a socket with a protocol; its caller's use of it would not be checked".into();
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
                                let p = self.problem(Code::SessionUnfinished, f, func.line.or(path.line), Anchor::Function, format!("{who} returns in the middle of a conversation of protocol `{}`", g.name));
                                p.label = format!("returns while {due_text} is still due");
                                if let Some(s) = due_span {
                                    p.step = Some((s, "the step still due".into()));
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
                            let p = self.problem(Code::SessionPathsDisagree, f, func.line, Anchor::Function, format!("`{}` returns with its channels at different protocol states", func.name));
                            p.notes.push(format!("one return: {one}"));
                            p.notes.push(format!("another return: {other}"));
                            p.help = Some("make every branch perform the same protocol steps before returning".into());
                        }
                        None => exits = Some(out),
                        _ => {}
                    }
                }
                Terminator::TryCall { body, normal, handler } => {
                    let b = path.vals.get(body).cloned();
                    if let Some(AVal::Closure(g, genv)) = b {
                        let unit = AVal::Sym(SVal::Unit);
                        let line = path.line;
                        if self.call(g, genv, vec![unit], false, &mut path.names, Some((&mut path.chans, f, line))).is_none() {
                            continue;
                        }
                    }
                    for (target, ty) in [(normal, func.ret), (handler, Ty::Exn)] {
                        let mut p = path.clone();
                        if let Some(param) = func.blocks[target.0 as usize].params.first() {
                            let ty = if ty == Ty::Exn { Ty::Exn } else { func.ty(*param) };
                            p.vals.insert(*param, AVal::Sym(p.names.fresh_ir(ty, None)));
                        }
                        p.block = *target;
                        stack.push(p);
                    }
                }
                Terminator::Unreachable => {}
            }
        }
        Summary { exits }
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

    fn goto(&self, func: &Function, heads: &HashSet<BlockId>, mut path: Path, t: &Target) -> Path {
        let params = &func.blocks[t.block.0 as usize].params;
        let fresh_loop = heads.contains(&t.block);
        for (p, a) in params.iter().zip(&t.args) {
            let v = match path.vals.get(a).cloned() {
                Some(AVal::Sym(_)) | None if fresh_loop => AVal::Sym(path.names.fresh_ir(func.ty(*p), func.vars[p.0 as usize].name.as_deref())),
                Some(v) => v,
                None => AVal::Sym(SVal::Opaque),
            };
            path.vals.insert(*p, v);
        }
        path.block = t.block;
        path
    }

    fn assert(&mut self, f: FuncId, path: &mut Path, cond: Option<Bool>) {
        let start = Instant::now();
        let verdict = match &cond {
            Some(c) => self.prover.prove(&path.facts, c, &path.names),
            None => Verdict::Unknown("the condition uses values the encoding does not model".into()),
        };
        self.note(format!("assert: {}", verdict.describe()));
        self.obligations.push(Obligation { kind: ObligationKind::Assert, func: f, line: path.line, what: "assert".into(), verdict, time: start.elapsed() });
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
        let line = path.line;
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
                        if avs.iter().any(|v| carries_protocol(v, &path.chans)) && *p != Prim::Ignore {
                            self.not_followed(f, line, format!("a channel or socket given to the primitive `{}`", p.name()));
                            return false;
                        }
                        if p.diverges() {
                            return false;
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
                    a @ (AVal::Socket(_) | AVal::Rpc(_)) => {
                        self.global_vals.insert(*g, a);
                    }
                    a if carries_protocol(&a, &path.chans) && !matches!(a, AVal::Closure(_, ref e) if e.is_empty()) => {
                        self.not_followed(f, line, "a channel stored in a global".into());
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
                    Some((g, env)) if env.iter().chain(&avs).any(|v| carries_protocol(v, &path.chans)) || self.makes_protocol_socket(g) => {
                        let chans = &mut path.chans;
                        if self.call(g, env, avs, false, &mut path.names, Some((chans, f, line))).is_none() {
                            return false;
                        }
                        AVal::Sym(path.names.fresh_ir(dest_ty, dest_name.as_deref()))
                    }
                    Some((g, env)) if env.is_empty() => {
                        let svs: Vec<SVal> = avs.iter().map(|a| if let AVal::Sym(s) = a { s.clone() } else { SVal::Opaque }).collect();
                        AVal::Sym(self.inline(g, &svs).unwrap_or_else(|| path.names.fresh_ir(dest_ty, dest_name.as_deref())))
                    }
                    None if avs.iter().any(|v| carries_protocol(v, &path.chans)) => {
                        self.not_followed(f, line, "a channel given to a function the checker cannot identify".into());
                        return false;
                    }
                    _ => AVal::Sym(path.names.fresh_ir(dest_ty, dest_name.as_deref())),
                }
            }
            InstKind::Make(tag, args) => {
                let avs: Vec<AVal> = args.iter().map(|a| val(path, a)).collect();
                if avs.iter().any(|v| carries_protocol(v, &path.chans)) {
                    self.not_followed(f, line, "a channel or socket stored in a data structure".into());
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
            InstKind::MakeExn(..) | InstKind::ExnArg(..) | InstKind::Printf(..) => AVal::Sym(path.names.fresh_ir(dest_ty, None)),
            InstKind::Fork(c, a) => {
                let arg = val(path, a);
                match val(path, c) {
                    AVal::Closure(g, env) => {
                        let chans = &mut path.chans;
                        self.call(g, env, vec![arg], true, &mut path.names, Some((chans, f, line)));
                    }
                    _ if carries_protocol(&arg, &path.chans) => {
                        self.not_followed(f, line, "a channel given to a thread whose function the checker cannot identify".into());
                        return false;
                    }
                    _ => {}
                }
                AVal::Sym(SVal::Unit)
            }
            InstKind::Chan { op, args, protocol, .. } => {
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

    fn not_followed(&mut self, f: FuncId, line: Option<u32>, what: String) {
        let p = self.problem(Code::SessionNotFollowed, f, line, Anchor::Function, format!("the protocol checker cannot follow {what}"));
        p.label = "the channel's protocol is lost here".into();
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
                    self.not_followed(f, path.line, format!("protocol `{}`, which loops without a message", self.graphs[p].name));
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
        let line = path.line;
        let module = module_of(&func.name).to_string();
        Some(match op {
            ChanOp::MakeClientSkt | ChanOp::MakeServerSkt => {
                let side = if op == ChanOp::MakeClientSkt { Side::Client } else { Side::Server };
                let protocol = protocol.and_then(|p| self.protocols.get(&(module, p.to_string())).copied());
                if protocol.is_none() {
                    self.unchecked.push((f, line, Anchor::Call(if side == Side::Client { "make_client_skt" } else { "make_server_skt" })));
                }
                AVal::Socket(Sock { protocol, side })
            }
            ChanOp::ServerListen => AVal::Sym(SVal::Unit),
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
                Some(AVal::Chan(slot)) => AVal::TryRecv(*slot),
                _ => AVal::Sym(SVal::Opaque),
            },
            ChanOp::RpcServe | ChanOp::RpcServeOpt | ChanOp::RpcConnect => {
                let anchor = if op == ChanOp::RpcConnect { Anchor::RpcConnect } else { Anchor::RpcServe };
                let Some(p) = protocol.and_then(|p| self.protocols.get(&(module, p.to_string())).copied()) else {
                    self.unchecked.push((f, line, anchor));
                    return Some(AVal::Sym(path.names.fresh_ir(dest_ty, None)));
                };
                if rpc_steps(&self.graphs[p]).is_none() {
                    let p = self.problem(Code::SessionNotFollowed, f, line, anchor, format!("protocol `{}` is not a request/reply protocol", self.graphs[p].name));
                    p.label = "an RPC endpoint's protocol".into();
                    p.help = Some("give RPC endpoints a protocol `mu r. !(req : ty) {pre}. ?(rep : ty) {post}. r`".into());
                    return None;
                }
                if op == ChanOp::RpcConnect {
                    AVal::Rpc(p)
                } else {
                    self.serve(f, line, p, avs.get(3), op == ChanOp::RpcServeOpt);
                    AVal::Sym(SVal::Unit)
                }
            }
            ChanOp::RpcRequest => match avs.first() {
                Some(AVal::Rpc(p)) => self.request(f, path, *p, args.get(1).copied(), dest)?,
                _ => AVal::Sym(path.names.fresh_ir(dest_ty, None)),
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
                let at = *at;
                let p = self.problem(Code::SessionUseAfterHandOver, f, path.line, Anchor::Call(what), format!("`{what}` on a channel handed to another thread"));
                p.label = "used here after `fork` gave it away".into();
                p.notes.push(format!("it was handed over by the `fork` on line {}", at.unwrap_or(0)));
                p.help = Some("a channel has one owner: use it only in the thread it was given to".into());
                None
            }
            Chan::Unchecked => None,
        }
    }

    fn refuse(&mut self, f: FuncId, line: Option<u32>, what: &'static str, cursor: &Cursor, r: Refusal) {
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
        let p = self.problem(code, f, line, Anchor::Call(what), message);
        p.label = label;
        if let Some(s) = step {
            p.step = Some((s, "the protocol step due".into()));
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
                self.refuse(f, path.line, "send", &cursor, r);
                return None;
            }
        };
        let step = g.step(step_id).expect("next_send returns a step").clone();
        let func = self.program.func(f);
        let ty = value.map_or(Ty::Any, |v| func.ty(v));
        if !step.ty.admits(ty) {
            self.wrong_type(f, path.line, Anchor::Call("send"), &step, ty);
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
                self.wrong_type(f, path.line, Anchor::Call("send"), &step, known);
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
                self.refuse(f, path.line, "send", &cursor, r);
                return None;
            }
        };
        self.transition(&before, &cursor.key());
        if let Some(pred) = &step.pred {
            self.refinement(f, path, cursor.protocol, &consumed, pred, &step, Anchor::Call("send"));
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
    /// protocol `protocol`, holds on `path`; a failure is reported at `anchor`.
    #[allow(clippy::too_many_arguments)]
    fn refinement(&mut self, f: FuncId, path: &Path, protocol: usize, consumed: &Consumed, pred_expr: &anerisc_frontend::ast::Expr, step: &super::graph::StepNode, anchor: Anchor) {
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
        self.obligations.push(Obligation { kind: ObligationKind::Refinement, func: f, line: path.line, what, verdict: verdict.clone(), time: start.elapsed() });
        if verdict.is_proven() {
            return;
        }
        let p = self.problem(Code::SessionRefinement, f, path.line, anchor, format!("the refinement `{text}` of protocol `{}` cannot be proven", g.name));
        p.label = format!("this message must satisfy `{text}`");
        p.step = Some((step.span, format!("the step {} declares `{text}`", g.describe(consumed.node))));
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

    fn wrong_type(&mut self, f: FuncId, line: Option<u32>, anchor: Anchor, step: &super::graph::StepNode, ty: Ty) {
        let shown = if ty == Ty::Str { "string" } else { ty.name() };
        let p = self.problem(Code::SessionMessageType, f, line, anchor, format!("this message has type `{shown}`, but the protocol's step carries `{}`", step.ty));
        p.label = format!("of type {shown} here");
        p.step = Some((step.span, format!("the step declares `{} : {}`", step.binder, step.ty)));
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
                self.refuse(f, path.line, what, &cursor, r);
                return false;
            }
        };
        self.transition(&before, &cursor.key());
        let step = g.step(consumed.node).expect("a receive consumes a step").clone();
        if what == "recv" && !step.ty.admits(dest_ty) {
            self.wrong_type(f, path.line, Anchor::Call(what), &step, dest_ty);
            return false;
        }
        if let Some(pred) = &step.pred {
            if let Ok(fact) = pred::boolean(pred, &consumed.env) {
                path.facts.push(fact);
                path.why.push(format!("`{}` (protocol `{}`, received on line {})", self.sources.snippet(pred.span).trim(), g.name, path.line.unwrap_or(0)));
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
    fn serve(&mut self, f: FuncId, line: Option<u32>, protocol: usize, handler: Option<&AVal>, optional: bool) {
        let handler = match handler {
            Some(AVal::Closure(h, env)) if self.program.func(*h).params.len() == 1 && !env.iter().any(|e| { let mut s = Vec::new(); Walker::slots(e, &mut s); !s.is_empty() }) => Some((*h, env.clone())),
            _ => None,
        };
        let Some((h, env)) = handler else {
            self.not_followed(f, line, "a request handler it cannot identify (give `rpc_start` a function of one argument)".into());
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
        self.walk(h, env, vec![AVal::Sym(argument)], Vec::new(), Vec::new(), false, names);
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
            self.wrong_type(f, path.line, Anchor::Function, &ps, ty);
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
            self.refinement(f, path, contract.protocol, &consumed, post, &ps, Anchor::Function);
        } else {
            let mut answering = path.clone();
            answering.facts.append(&mut facts);
            answering.why.push("a request came and the handler answers it".into());
            self.refinement(f, &answering, contract.protocol, &consumed, post, &ps, Anchor::Function);
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
            self.obligations.push(Obligation { kind: ObligationKind::Refinement, func: f, line: path.line, what, verdict: verdict.clone(), time: start.elapsed() });
            if verdict.is_proven() {
                continue;
            }
            let p = self.problem(code, f, path.line, Anchor::Function, message);
            p.label = label.into();
            p.step = Some((reply.span, "the reply step".into()));
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
            self.wrong_type(f, path.line, Anchor::RpcRequest, &rs, ty);
            return None;
        }
        let sv = match value.and_then(|v| path.vals.get(&v)) {
            Some(AVal::Sym(s)) => s.clone(),
            _ => SVal::Opaque,
        };
        let request = sv.conform(&rs.ty, &mut path.names, &rs.binder).unwrap_or_else(|| path.names.fresh(&rs.ty, &rs.binder));
        let mut consumed = Consumed { node: req, env: vec![(rs.binder.clone(), request)] };
        if let Some(pre) = &rs.pred {
            self.refinement(f, path, protocol, &consumed, pre, &rs, Anchor::RpcRequest);
        }
        let name = dest.and_then(|d| func.vars[d.0 as usize].name.clone()).unwrap_or_else(|| ps.binder.clone());
        let reply = path.names.fresh(&ps.ty, &name);
        consumed.env.push((ps.binder.clone(), reply.clone()));
        if let Some(post) = &ps.pred {
            if let Ok(fact) = pred::boolean(post, &consumed.env) {
                path.facts.push(fact);
                path.why.push(format!("`{}` (protocol `{}`, the reply on line {})", self.sources.snippet(post.span).trim(), self.graphs[protocol].name, path.line.unwrap_or(0)));
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

/// True when block `b` only raises `Assert_failure` (the failing side of an `assert`).
fn is_assert_failure(func: &Function, b: BlockId) -> bool {
    func.blocks[b.0 as usize].insts.iter().any(|i| matches!(i.kind, InstKind::Prim(Prim::AssertFailure, _)))
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

/// The module a function belongs to (its name's first part).
pub fn function_module(program: &Program, f: FuncId) -> &str {
    module_of(&program.func(f).name)
}
