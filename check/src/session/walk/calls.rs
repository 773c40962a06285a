//! Calls: each call of a function given an endpoint walked with what it is given and what its caller knows (reused only for the same values and facts), recursion walked once for every value, and what a call does to its caller — its channels' states on return and at each way it may raise.

use super::*;

impl Walker<'_> {
    /// The kinds of what a call is given (part of its memo key): the kind of each known
    /// scalar, sockets, RPC handles, the states of channels, closures with their
    /// environments' kinds.
    pub(super) fn key_of(v: &AVal, chans: &[Chan], out: &mut String) {
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
    pub(super) fn values_of(v: &AVal, out: &mut String) {
        match v {
            AVal::Sym(s) => out.push_str(&format!("{s:?}")),
            AVal::Closure(_, env) => env.iter().for_each(|e| Walker::values_of(e, out)),
            _ => {}
        }
        out.push(',');
    }

    /// `v` with every value it holds replaced by a fresh one of the same shape (named after
    /// `name`): what a walk that must hold for every call is given.
    pub(super) fn generalise(v: &AVal, names: &mut Names, name: &str) -> AVal {
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
    pub(super) fn call(&mut self, f: FuncId, env: Vec<AVal>, args: Vec<AVal>, thread: bool, names: &mut Names, caller: Option<Caller<'_>>) -> Called {
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
    pub(super) fn walk_for_every_value(&mut self, call: Entered, given: Vec<AVal>, first: &[AVal], entry: Entry, thread_mark: &str) -> Summary {
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
    pub(super) fn enter(&mut self, call: &Entered, memo_key: (FuncId, String), values: Vec<AVal>, kept: Vec<bool>, generalised: Option<(FuncId, String)>, entry: Entry) -> Summary {
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
    pub(super) fn moved(&self, chans: &[Chan], slots: &[usize], keys: &[Option<StateKey>], names: &mut Names) -> Vec<Chan> {
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
    pub(super) fn may_raise(&mut self, chans: &[Chan], exn: Option<ExnId>) {
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
    pub(super) fn exception(&self, name: &str) -> Option<ExnId> {
        self.program.exceptions.iter().position(|e| e.name == name).map(|i| ExnId(i as u32))
    }
}
