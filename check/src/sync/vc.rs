//! Verification conditions of a synchronized program (docs/verification.md, "Verification
//! conditions"): the program is executed symbolically over Z3 terms, each member's variables
//! as terms over its set's representative index, and every `assert`, loop invariant and
//! `ensures` becomes an obligation decided by the prover.

mod eval;
mod refuted;
mod shown;
mod temps;
mod val;

use super::print::var_text;
use super::error::{SyncError, SyncResult};
use super::prog::{Expr, Invariant, Owner, Place, Sort, Stmt, SyncProgram, Var};
use anerisc_diag::diagnostic::Diagnostic;
use crate::smt::int63;
use crate::smt::value::Names;
use crate::smt::{Prover, Verdict};
use shown::Shown;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use val::{Fresh, Val};
use z3::ast::{forall_const, Bool, Int};

/// One proof obligation and its verdict.
#[derive(Debug, Clone)]
pub struct Obligation {
    /// What must hold, in words (`assert at line 12`, `ensures (line 40)`...).
    pub what: String,
    /// Where it is written.
    pub at: Option<Place>,
    /// What Z3 said.
    pub verdict: Verdict,
    /// The time Z3 took.
    pub time: Duration,
}

/// The obligations of `p`, each decided by `prover`, in program order (`ensures` last); or the
/// diagnostic for a construct the conditions cannot be generated for (e.g. a loop that changes
/// its node's state without an invariant).
pub fn verify(p: &SyncProgram, prover: &mut Prover) -> Result<Vec<Obligation>, Box<Diagnostic>> {
    conditions(p, prover).map_err(|e| Box::new(e.diagnostic(p.file)))
}

/// [`verify`], with the synchronization's own error.
fn conditions(p: &SyncProgram, prover: &mut Prover) -> SyncResult<Vec<Obligation>> {
    let mut ex = Exec::new(p, prover);
    // The launcher's statements come first: the sets' sizes are known once they have run.
    for s in &p.body {
        ex.learn_sizes();
        ex.stmt(s)?;
    }
    ex.learn_sizes();
    for (e, at) in &p.ensures {
        let goal = ex.cond(e, *at)?;
        let what = at.map_or("ensures".to_string(), |at| format!("ensures (line {})", at.line));
        let shown = ex.shown(e);
        ex.oblige(what, *at, &goal, shown);
    }
    Ok(ex.obligations)
}

/// Where a variable's value is kept: a node's variable, or a set's (over its representative).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Slot {
    Node(String, String),
    Member(String, String),
}

/// A node set as the execution sees it.
struct SetInfo {
    name: String,
    /// Its size (a constant in [0, max_int]).
    size: Int,
    /// The representative index its members' variables are terms over.
    rep: Int,
    /// Whether its size is assumed equal to the launcher's value.
    known: bool,
}

/// A body run once for a set's representative (`all`, or a loop without an invariant): it
/// may only change the current member's variables (and a loop its node's temporaries), and
/// reads no other member's copy of them.
struct Scope {
    set: String,
    index: String,
    written: Vec<String>,
}

/// Members shown in counterexamples (`parts[0]` to `parts[2]`, those below the size).
const SHOWN_MEMBERS: i64 = 3;

/// The symbolic execution.
struct Exec<'a> {
    prog: &'a SyncProgram,
    prover: &'a mut Prover,
    fresh: Fresh,
    sets: Vec<SetInfo>,
    state: BTreeMap<Slot, Val>,
    /// Bound variables (member indexes, loop counts), innermost last.
    env: Vec<(String, Int)>,
    /// What is assumed on the current path.
    facts: Vec<Bool>,
    scopes: Vec<Scope>,
    obligations: Vec<Obligation>,
    /// True while a body runs only to learn the shapes of the variables it sets (no
    /// obligation is decided).
    probing: bool,
}

/// The error for a construct the conditions cannot be generated for.
fn unsupported(message: impl Into<String>, at: Option<Place>) -> SyncError {
    SyncError::new(message, at)
}

fn zero() -> Int {
    Int::from_i64(0)
}

fn plus_one(i: &Int) -> Int {
    Int::add(&[i.clone(), Int::from_i64(1)])
}

fn in_range(i: &Int, size: &Int) -> Bool {
    Bool::and(&[i.ge(zero()), i.lt(size)])
}

impl<'a> Exec<'a> {
    fn new(prog: &'a SyncProgram, prover: &'a mut Prover) -> Exec<'a> {
        let sets: Vec<SetInfo> = prog
            .sets
            .iter()
            .map(|s| SetInfo { name: s.name.clone(), size: Int::fresh_const(&format!("size {}", s.name)), rep: Int::fresh_const(&s.name), known: false })
            .collect();
        // A size is the launcher's count of members, an OCaml int.
        let facts = sets.iter().map(|s: &SetInfo| Bool::and(&[s.size.ge(zero()), s.size.le(Int::from_i64(int63::MAX))])).collect();
        Exec { prog, prover, fresh: Fresh::new(), sets, state: BTreeMap::new(), env: Vec::new(), facts, scopes: Vec::new(), obligations: Vec::new(), probing: false }
    }

    /// Assumes the size of each set whose launcher value (`n` of `addresses ip port n`, none
    /// when it is negative) has become known, once.
    fn learn_sizes(&mut self) {
        for k in 0..self.sets.len() {
            if self.sets[k].known {
                continue;
            }
            if let Ok(Val::Int(n)) = self.eval(&self.prog.sets[k].size, None) {
                let size = &self.sets[k].size;
                self.facts.push(size.eq(n.ge(zero()).ite(&n, &zero())));
                self.sets[k].known = true;
            }
        }
    }

    fn set(&self, name: &str, at: Option<Place>) -> SyncResult<&SetInfo> {
        self.sets.iter().find(|s| s.name == name).ok_or_else(|| unsupported(format!("internal: no node set `{name}`"), at))
    }

    fn bound(&self, name: &str, at: Option<Place>) -> SyncResult<Int> {
        match self.env.iter().rev().find(|(n, _)| n == name) {
            Some((_, i)) => Ok(i.clone()),
            None => Err(unsupported(format!("internal: `{name}` is not bound"), at)),
        }
    }

    fn block(&mut self, body: &[Stmt]) -> SyncResult<()> {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    fn stmt(&mut self, s: &Stmt) -> SyncResult<()> {
        match s {
            Stmt::Assign { var, value: Expr::Arbitrary { sort, .. }, at } => {
                let v = self.arbitrary(var, *sort, *at)?;
                self.assign(var, v, *at)
            }
            Stmt::Assign { var, value, at } => {
                let v = self.eval(value, *at)?;
                self.assign(var, v, *at)
            }
            Stmt::Deliver { msg, sender, send_at, recv_at } => {
                let at = recv_at.or(*send_at);
                let m = self.eval(&msg.1, at)?;
                let from = self.eval(&sender.1, at)?;
                self.assign(&msg.0, m, at)?;
                self.assign(&sender.0, from, at)
            }
            Stmt::Assert { cond, what, at } => {
                let goal = self.cond(cond, *at)?;
                let text = match (what.as_str(), at) {
                    ("assert", Some(at)) => format!("assert at line {}", at.line),
                    ("assert", None) => "assert".to_string(),
                    _ => format!("{what} not reached"),
                };
                let shown = self.shown(cond);
                self.oblige(text, *at, &goal, shown);
                self.facts.push(goal);
                Ok(())
            }
            Stmt::Each { index, set, body, invariant: Some(inv), at } => self.invariant_loop(index, set, body, inv, *at),
            Stmt::Each { index, set, body, invariant: None, at } => self.for_representative(index, set, body, *at, true),
            Stmt::All { index, set, body } => self.for_representative(index, set, body, None, false),
            Stmt::Send { at, .. } | Stmt::Recv { at, .. } => {
                Err(unsupported("internal: a send or receive that synchronization did not match reached the verification conditions", *at))
            }
        }
    }

    /// A fresh value of `sort` for `var` (see [`Exec::over`]).
    fn arbitrary(&mut self, var: &Var, sort: Sort, at: Option<Place>) -> SyncResult<Val> {
        let index = match &var.owner {
            Owner::Member { index, .. } => Some(self.bound(index, at)?),
            _ => None,
        };
        let over = self.over(index);
        let name = var_text(var);
        Ok(match sort {
            Sort::Int => Val::Int(self.fresh.int(&name, &over)),
            Sort::Bool => Val::Bool(self.fresh.bool(&name, &over)),
            Sort::Str => Val::Str(self.fresh.str(&name, &over)),
        })
    }

    fn assign(&mut self, var: &Var, v: Val, at: Option<Place>) -> SyncResult<()> {
        match &var.owner {
            Owner::Node(n) => {
                self.state.insert(Slot::Node(n.clone(), var.name.clone()), v);
            }
            Owner::Member { set, index } => {
                let member = self.bound(index, at)?;
                let rep = self.set(set, at)?.rep.clone();
                let slot = Slot::Member(set.clone(), var.name.clone());
                let new = if member == rep {
                    v
                } else {
                    let old = match self.state.get(&slot) {
                        Some(old) => old.clone(),
                        None => self.fresh.like(&v, &var.name, &self.over(Some(rep.clone()))),
                    };
                    Val::ite(&rep.eq(&member), &v, &old).map_err(|m| unsupported(format!("not supported yet: {m} in the update of {}", var_text(var)), at))?
                };
                self.state.insert(slot, new);
            }
            Owner::Bound => return Err(unsupported(format!("internal: an assignment to the bound variable `{}`", var.name), at)),
        }
        Ok(())
    }

    /// A loop without an invariant, or `all`: the body runs once for the set's representative.
    /// A loop's node may only change temporaries (set before read in each iteration), which
    /// are unknown afterwards.
    fn for_representative(&mut self, index: &str, set: &str, body: &[Stmt], at: Option<Place>, is_loop: bool) -> SyncResult<()> {
        let (rep, size) = {
            let s = self.set(set, at)?;
            (s.rep.clone(), s.size.clone())
        };
        if self.scopes.iter().any(|s| s.set == set) {
            return Err(unsupported(format!("not supported yet: a loop over `{set}` inside another one over `{set}`"), at));
        }
        let without_invariant = |var: &Var| {
            let which = at.map_or(format!("over `{set}`"), |at| format!("at line {}", at.line));
            unsupported(format!("not supported yet: the loop {which} changes {} without an invariant", var_text(var)), at)
        };
        let mut written = Vec::new();
        let mut temps = Vec::new();
        for var in assigned(body) {
            match &var.owner {
                Owner::Member { set: s, index: i } if s == set && i == index => written.push(var.name.clone()),
                Owner::Node(_) if is_loop => temps.push(var),
                _ if is_loop => return Err(without_invariant(&var)),
                _ => return Err(unsupported(format!("not supported yet: every member of `{set}` changes {}", var_text(&var)), at)),
            }
        }
        // A node's variable the loop changes is a temporary of each iteration, or needs an
        // invariant.
        if let Some(var) = temps::read_before_set(body, &temps) {
            return Err(without_invariant(var));
        }
        let before = self.facts.len();
        self.facts.push(in_range(&rep, &size));
        self.env.push((index.to_string(), rep.clone()));
        self.scopes.push(Scope { set: set.to_string(), index: index.to_string(), written });
        let run = self.block(body);
        self.scopes.pop();
        self.env.pop();
        let inner = self.facts.split_off(before);
        run?;
        // What the body established holds for every member; its temporaries end unknown.
        if inner.len() > 1 {
            let established = inner[0].implies(Bool::and(&inner[1..]));
            self.facts.push(forall_const(&[&rep], &[], &established));
        }
        let shapes = self.state.clone();
        self.havoc(&temps.iter().filter_map(slot).collect::<Vec<_>>(), &shapes);
        Ok(())
    }

    /// `for index in set invariant inv do body done`: initiation, preservation, and the
    /// invariant at `size` over fresh values afterwards.
    fn invariant_loop(&mut self, index: &str, set: &str, body: &[Stmt], inv: &Invariant, at: Option<Place>) -> SyncResult<()> {
        if self.scopes.iter().any(|s| s.set == set) {
            return Err(unsupported(format!("not supported yet: a loop over `{set}` inside another one over `{set}`"), at));
        }
        let size = self.set(set, at)?.size.clone();
        let which = at.map_or(format!("over `{set}`"), |at| format!("at line {}", at.line));
        let inv_at = inv.at.or(at);
        let holds = |ex: &mut Exec, count: Int| -> SyncResult<Bool> {
            ex.env.push((inv.count.clone(), count));
            let c = ex.cond(&inv.cond, inv_at);
            ex.env.pop();
            c
        };
        let changed: Vec<Slot> = assigned(body).iter().filter_map(slot).collect();
        self.first_set_in(index, body, &changed)?;
        let initially = holds(self, zero())?;
        let shown = self.shown(&inv.cond);
        self.oblige(format!("invariant of the loop {which} holds before it"), inv_at, &initially, shown);

        let vars = assigned(body);
        let saved = self.state.clone();
        let before = self.facts.len();
        self.havoc(&changed, &saved);
        let k = Int::fresh_const(&inv.count);
        // A variable of the loop's members that only the current member changes is still as
        // before the loop for the members not handled yet.
        let rep = self.set(set, at)?.rep.clone();
        for s in &changed {
            let (Slot::Member(of, _), Some(old), Some(new)) = (s, saved.get(s), self.state.get(s)) else { continue };
            let own = |v: &Var| matches!(&v.owner, Owner::Member { set: x, index: i } if x == set && i == index);
            if of == set && vars.iter().filter(|v| slot(v).as_ref() == Some(s)).all(own) {
                if let Ok(v) = Val::ite(&rep.lt(&k), new, old) {
                    self.state.insert(s.clone(), v);
                }
            }
        }
        self.facts.push(in_range(&k, &size));
        let assumed = holds(self, k.clone())?;
        self.facts.push(assumed);
        self.env.push((inv.count.clone(), k.clone()));
        let shown = self.shown(&inv.cond);
        self.env.pop();
        self.env.push((index.to_string(), k.clone()));
        let run = self.block(body);
        self.env.pop();
        let after = run.and_then(|()| holds(self, plus_one(&k)));
        let shapes = std::mem::replace(&mut self.state, saved);
        let after = after?;
        self.oblige(format!("invariant of the loop {which} is preserved"), inv_at, &after, shown);
        self.facts.truncate(before);

        self.havoc(&changed, &shapes);
        let finally = holds(self, size)?;
        self.facts.push(finally);
        Ok(())
    }

    /// Gives the variables of `changed` that the loop sets first (an invariant may read them
    /// before: the members not handled yet) an unknown value of the shape the body gives them,
    /// learnt by running the body once without deciding its obligations.
    fn first_set_in(&mut self, index: &str, body: &[Stmt], changed: &[Slot]) -> SyncResult<()> {
        if changed.iter().all(|s| self.state.contains_key(s)) {
            return Ok(());
        }
        let saved = self.state.clone();
        let before = self.facts.len();
        let probing = std::mem::replace(&mut self.probing, true);
        self.havoc(changed, &saved);
        self.env.push((index.to_string(), Int::fresh_const(index)));
        let run = self.block(body);
        self.env.pop();
        self.probing = probing;
        self.facts.truncate(before);
        let shapes = std::mem::replace(&mut self.state, saved);
        run?;
        let first: Vec<Slot> = changed.iter().filter(|s| !self.state.contains_key(s)).cloned().collect();
        self.havoc(&first, &shapes);
        Ok(())
    }

    /// What a fresh value is a function of: the member's index when it is a member's, and the
    /// representatives of the bodies being run for every member (each iteration its own).
    fn over(&self, index: Option<Int>) -> Vec<Int> {
        let reps = self.scopes.iter().filter_map(|scope| self.sets.iter().find(|s| s.name == scope.set)).map(|s| s.rep.clone());
        index.into_iter().chain(reps).collect()
    }

    /// Fresh values for `slots`, of the shapes they have in `shapes` (a member's as a
    /// function of its index), each a function of the representatives being run.
    fn havoc(&mut self, slots: &[Slot], shapes: &BTreeMap<Slot, Val>) {
        for s in slots {
            let Some(like) = shapes.get(s) else { continue };
            let v = match s {
                Slot::Node(n, x) => self.fresh.like(like, &format!("{n}.{x}"), &self.over(None)),
                Slot::Member(set, x) => {
                    let rep = self.sets.iter().find(|i| i.name == *set).map(|i| i.rep.clone());
                    self.fresh.like(like, &format!("{set}.{x}"), &self.over(rep))
                }
            };
            self.state.insert(s.clone(), v);
        }
    }

    /// Records the obligation `goal` under the current facts, decided now.
    fn oblige(&mut self, what: String, at: Option<Place>, goal: &Bool, shown: Shown) {
        if self.probing {
            return;
        }
        let start = Instant::now();
        let verdict = match self.prover.prove_showing(&self.facts, goal, &Names::default(), shown.leaves()) {
            Verdict::Refuted(values) if self.sets.is_empty() => Verdict::Refuted(shown.render(&values)),
            Verdict::Refuted(values) => {
                // A counterexample with no more members than are shown, when there is one.
                let mut small = self.facts.clone();
                small.extend(self.sets.iter().map(|s| s.size.le(Int::from_i64(SHOWN_MEMBERS))));
                let values = match self.prover.prove_showing(&small, goal, &Names::default(), shown.leaves()) {
                    Verdict::Refuted(few) => few,
                    _ => values,
                };
                Verdict::Refuted(shown.render(&values))
            }
            other => other,
        };
        self.obligations.push(Obligation { what, at, verdict, time: start.elapsed() });
    }

    /// What a counterexample of an obligation about `about` shows here: the sets' sizes, the
    /// bound variables, then the values of the variables `about` reads (a member's for the
    /// first members, member by member).
    fn shown(&self, about: &Expr) -> Shown {
        let who = self.prog.nodes.iter().map(|n| n.name.clone()).chain(self.sets.iter().map(|s| s.name.clone())).collect();
        let mut shown = Shown::new(who, self.prog.nodes.len());
        for s in &self.sets {
            shown.add(Shown::size_name(&s.name), None, &Val::Int(s.size.clone()));
        }
        let mut seen: Vec<&str> = Vec::new();
        for (name, i) in self.env.iter().rev() {
            if !seen.contains(&name.as_str()) {
                seen.push(name);
                shown.add(name.clone(), None, &Val::Int(i.clone()));
            }
        }
        let read: Vec<Slot> = about.vars_read().iter().filter_map(slot).collect();
        let values = || self.state.iter().filter(|(s, _)| read.contains(s));
        for (slot, v) in values() {
            if let Slot::Node(n, x) = slot {
                shown.add(format!("{n}.{x}"), None, v);
            }
        }
        for j in 0..SHOWN_MEMBERS {
            for (slot, v) in values() {
                let Slot::Member(set, x) = slot else { continue };
                let Some(info) = self.sets.iter().find(|s| s.name == *set) else { continue };
                shown.add(format!("{set}[{j}].{x}"), Some((set.clone(), j)), &v.substitute(&info.rep, &Int::from_i64(j)));
            }
        }
        shown
    }
}

/// The variables `body` assigns (loops' bodies included), each once.
fn assigned(body: &[Stmt]) -> Vec<Var> {
    let mut out: Vec<Var> = Vec::new();
    let mut add = |v: &Var| {
        if !out.contains(v) {
            out.push(v.clone());
        }
    };
    let mut stack: Vec<&Stmt> = body.iter().rev().collect();
    while let Some(s) = stack.pop() {
        match s {
            Stmt::Assign { var, .. } => add(var),
            Stmt::Deliver { msg, sender, .. } => {
                add(&msg.0);
                add(&sender.0);
            }
            Stmt::Recv { msg, sender, .. } => {
                add(msg);
                add(sender);
            }
            Stmt::Each { body, .. } | Stmt::All { body, .. } => stack.extend(body.iter().rev()),
            Stmt::Send { .. } | Stmt::Assert { .. } => {}
        }
    }
    out
}

/// Where a variable is kept (`None` for a bound variable).
fn slot(v: &Var) -> Option<Slot> {
    match &v.owner {
        Owner::Node(n) => Some(Slot::Node(n.clone(), v.name.clone())),
        Owner::Member { set, .. } => Some(Slot::Member(set.clone(), v.name.clone())),
        Owner::Bound => None,
    }
}

#[cfg(test)]
mod tests;
