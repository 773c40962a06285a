//! Paths: every path of one function from its entry — branches, joins, loops (with the bounds of their counters), returns and `try` — with the channel states and facts on each.

use super::*;

impl Walker<'_> {
    /// Walks every path of `f` from `entry`; the states of the channels `entry.order` lists
    /// when it returns make the summary. When a loop bound assumed at a loop's head is not
    /// proven at a back edge, what this walk found is taken back and `f` walked again without
    /// that bound.
    pub(super) fn walk(&mut self, f: FuncId, entry: Entry) -> Summary {
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
    pub(super) fn walk_paths(&mut self, f: FuncId, entry: Entry) -> Summary {
        let Entry { env, args, chans, order, thread, names, known: (mut facts, mut why) } = entry;
        self.walked.insert(f);
        self.raise_sinks.push(RaiseSink { order: order.clone(), states: Vec::new() });
        let contract = self.contract.take();
        let func = self.program.func(f);
        let cfg = Cfg::new(func);
        let heads = loop_heads(&cfg);
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
            if cfg.predecessors(path.block.0 as usize).len() > 1 {
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
                    // Channels without a protocol may go anywhere.
                    let mut held = Vec::new();
                    if let Some(a) = path.vals.get(v) {
                        Walker::slots(a, &mut held);
                    }
                    held.retain(|s| !matches!(path.chans[*s], Chan::Unchecked));
                    if !held.is_empty() {
                        let p = self.problem(Code::SessionNotFollowed, f, func.line.or(path.span), "not supported yet: a function returning a channel".into());
                        p.set_label("this function returns a channel; its caller's use of it would not be checked");
                        p.help = Some("pass the channel to the function that uses it instead of returning it".into());
                    } else if path.vals.get(v).is_some_and(|a| holds_endpoint(a, &path.chans)) {
                        let p = self.problem(Code::SessionNotFollowed, f, func.line.or(path.span), "not supported yet: a function returning a socket or RPC handle with a protocol".into());
                        p.set_label("this function returns an endpoint with a protocol; its caller's use of it would not be checked");
                        p.help = Some("make the socket (or `rpc_connect`) with `[@protocol]` in the function that connects, accepts or makes requests on it".into());
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

    /// The loop shape of `f` (computed once).
    pub(super) fn shape(&mut self, f: FuncId) -> Rc<LoopShape> {
        let func = self.program.func(f);
        self.shapes.entry(f).or_insert_with(|| Rc::new(loops::shape(func, &loop_heads(&Cfg::new(func))))).clone()
    }

    /// `path` enters the loop whose head it is at: the head's parameters and the cells the
    /// function writes get fresh values, each counter with its bound (unless a walk before
    /// could not prove it). The bounds to prove at the back edges.
    pub(super) fn enter_loop(&mut self, f: FuncId, path: &mut Path) -> Vec<Bound> {
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
    pub(super) fn check_bounds(&mut self, f: FuncId, path: &Path, bounds: &[Bound]) {
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

    pub(super) fn goto(&self, func: &Function, mut path: Path, t: &Target) -> Path {
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
    pub(super) fn assert(&mut self, f: FuncId, path: &mut Path, cond: Option<Bool>, span: Option<Span>) -> bool {
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
}
