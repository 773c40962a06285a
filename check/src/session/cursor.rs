//! One endpoint's position in its conversation: the next step, the receives it has sent
//! ahead of (asynchronous subtyping: `?x. !y. P ⊑ !y. ?x. P` when `y`'s step does not
//! mention `x`), and the symbolic values of the binders in scope.

use super::graph::{Graph, NodeId};
use crate::smt::pred::Env;
use crate::smt::value::{Names, SVal};
use anerisc_frontend::protocol::syntax::Direction;
use anerisc_frontend::visit::{walk_expr, Visitor};
use std::collections::VecDeque;

/// At most this many messages may be received after the sends that overtook them.
pub const LOOKAHEAD: usize = 64;

/// Which end of the protocol an endpoint follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// As written (`make_client_skt` / `connect`).
    Client,
    /// The dual, every `!` and `?` swapped (`make_server_skt` / `accept`).
    Server,
}

/// The comparable part of an endpoint's state (memo keys, joins, recursion).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StateKey {
    /// Which protocol (index in the checker's graphs).
    pub protocol: usize,
    /// Which side.
    pub side: Side,
    /// Receives still owed, oldest first.
    pub pending: Vec<NodeId>,
    /// The next step (a head: a step or `end`).
    pub pos: NodeId,
}

/// A protocol step an endpoint owes after having sent ahead of it, with the binders it sees.
#[derive(Debug, Clone)]
struct Owed {
    node: NodeId,
    env: Env,
}

/// An endpoint's state.
#[derive(Debug, Clone)]
pub struct Cursor {
    /// Which protocol.
    pub protocol: usize,
    /// Which side.
    pub side: Side,
    pending: VecDeque<Owed>,
    pos: NodeId,
    env: Env,
}

/// Why an operation is not allowed where it happens.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The step due goes the other way.
    WrongDirection {
        /// The step due.
        due: NodeId,
    },
    /// The conversation is over.
    Ended,
    /// More than [`LOOKAHEAD`] receives would be owed.
    TooFarAhead,
    /// The send's predicate mentions a value not yet received.
    Depends {
        /// The send's step.
        send: NodeId,
        /// The receive it depends on.
        on: NodeId,
    },
    /// The protocol loops without a message.
    NoStep,
}

/// What an operation consumed: the step, and the binders its predicate sees.
#[derive(Debug, Clone)]
pub struct Consumed {
    /// The step.
    pub node: NodeId,
    /// The binders in scope, its own included.
    pub env: Env,
}

impl Cursor {
    /// An endpoint at the start of protocol `protocol`.
    pub fn start(g: &Graph, protocol: usize, side: Side) -> Result<Cursor, Refusal> {
        let pos = g.head(0).ok_or(Refusal::NoStep)?;
        Ok(Cursor { protocol, side, pending: VecDeque::new(), pos, env: Vec::new() })
    }

    /// An endpoint in state `key` whose binders are unknown values (a function's entry).
    pub fn at(g: &Graph, key: &StateKey, names: &mut Names) -> Cursor {
        let fresh_env = |n: NodeId, names: &mut Names| -> Env { g.scope(n).into_iter().map(|(b, ty)| (b.clone(), names.fresh(&ty, &b))).collect() };
        let pending = key
            .pending
            .iter()
            .map(|n| {
                let mut env = fresh_env(*n, names);
                if let Some(s) = g.step(*n) {
                    env.push((s.binder.clone(), names.fresh(&s.ty, &s.binder)));
                }
                Owed { node: *n, env }
            })
            .collect();
        Cursor { protocol: key.protocol, side: key.side, pending, pos: key.pos, env: fresh_env(key.pos, names) }
    }

    /// The comparable state.
    pub fn key(&self) -> StateKey {
        StateKey { protocol: self.protocol, side: self.side, pending: self.pending.iter().map(|o| o.node).collect(), pos: self.pos }
    }

    /// True when the conversation may rest here (nothing owed; `end` or a `mu`'s top).
    pub fn at_boundary(&self, g: &Graph) -> bool {
        self.pending.is_empty() && g.is_boundary(self.pos)
    }

    /// The next step due, for messages.
    pub fn due(&self) -> NodeId {
        self.pending.front().map_or(self.pos, |o| o.node)
    }

    fn sends(&self, g: &Graph, n: NodeId) -> bool {
        g.step(n).is_some_and(|s| (s.direction == Direction::Send) == (self.side == Side::Client))
    }

    /// A receive: consumes the owed or next step, binding its binder to a fresh value.
    pub fn recv(&mut self, g: &Graph, names: &mut Names, name: &str) -> Result<(Consumed, SVal), Refusal> {
        if let Some(owed) = self.pending.pop_front() {
            let value = owed.env.last().map(|(_, v)| v.clone()).unwrap_or(SVal::Opaque);
            return Ok((Consumed { node: owed.node, env: owed.env }, value));
        }
        let step = g.step(self.pos).ok_or(Refusal::Ended)?;
        if self.sends(g, self.pos) {
            return Err(Refusal::WrongDirection { due: self.pos });
        }
        let value = names.fresh(&step.ty, name);
        self.env.push((step.binder.clone(), value.clone()));
        let node = self.pos;
        self.pos = g.head(step.next).ok_or(Refusal::NoStep)?;
        Ok((Consumed { node, env: self.env.clone() }, value))
    }

    /// The step the next send consumes, looking ahead through receives.
    pub fn next_send(&self, g: &Graph) -> Result<NodeId, Refusal> {
        let mut at = self.pos;
        let mut skipped = Vec::new();
        loop {
            let Some(step) = g.step(at) else {
                return Err(if skipped.is_empty() { Refusal::Ended } else { Refusal::WrongDirection { due: self.due() } });
            };
            if self.sends(g, at) {
                if let Some(pred) = &step.pred {
                    if let Some(on) = skipped.iter().find(|n| g.step(**n).is_some_and(|r| mentions(pred, &r.binder) && r.binder != step.binder)) {
                        return Err(Refusal::Depends { send: at, on: *on });
                    }
                }
                return Ok(at);
            }
            skipped.push(at);
            if skipped.len() + self.pending.len() > LOOKAHEAD {
                return Err(Refusal::TooFarAhead);
            }
            at = g.head(step.next).ok_or(Refusal::NoStep)?;
        }
    }

    /// A send of `value` (already at the step's type): consumes the step [`Cursor::next_send`]
    /// found, owing the receives before it (their binders get fresh values now).
    pub fn send(&mut self, g: &Graph, value: SVal, names: &mut Names) -> Result<Consumed, Refusal> {
        let target = self.next_send(g)?;
        while self.pos != target {
            let step = g.step(self.pos).ok_or(Refusal::NoStep)?;
            let v = names.fresh(&step.ty, &step.binder);
            self.env.push((step.binder.clone(), v));
            self.pending.push_back(Owed { node: self.pos, env: self.env.clone() });
            self.pos = g.head(step.next).ok_or(Refusal::NoStep)?;
        }
        let step = g.step(target).ok_or(Refusal::NoStep)?;
        self.env.push((step.binder.clone(), value));
        let consumed = Consumed { node: target, env: self.env.clone() };
        self.pos = g.head(step.next).ok_or(Refusal::NoStep)?;
        Ok(consumed)
    }
}

/// True when expression `e` mentions the name `x`.
pub fn mentions(e: &anerisc_frontend::ast::Expr, x: &str) -> bool {
    struct Finder<'a>(&'a str, bool);
    impl Visitor for Finder<'_> {
        fn visit_expr(&mut self, e: &anerisc_frontend::ast::Expr) {
            if let anerisc_frontend::ast::ExprKind::Var(p) = &e.kind {
                self.1 |= p.modules.is_empty() && p.name.name == self.0;
            }
            walk_expr(self, e);
        }
    }
    let mut f = Finder(x, false);
    f.visit_expr(e);
    f.1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::graph::tests::graph;
    use crate::smt::value::SVal;

    fn string(names: &mut Names, n: &str) -> SVal {
        names.fresh(&crate::smt::msg::MsgTy::Str, n)
    }

    #[test]
    fn echo_client_sends_twice_then_receives_both_answers() {
        let g = graph("echo = mu rec. !(s : string). ?(n : int) {n = String.length s}. rec");
        let mut names = Names::default();
        let mut c = Cursor::start(&g, 0, Side::Client).unwrap();
        let top = c.key();
        let s1 = string(&mut names, "s1");
        c.send(&g, s1, &mut names).unwrap();
        let s2 = string(&mut names, "s2");
        c.send(&g, s2, &mut names).unwrap();
        assert_eq!(c.key().pending.len(), 1);
        let (first, _) = c.recv(&g, &mut names, "m1").unwrap();
        let (second, _) = c.recv(&g, &mut names, "m2").unwrap();
        assert_eq!(first.node, second.node);
        // Each answer sees its own request as `s`.
        let s_of = |env: &Env| format!("{:?}", env.iter().rev().find(|(n, _)| n == "s").unwrap().1);
        assert!(s_of(&first.env).contains("s1"));
        assert!(s_of(&second.env).contains("s2"));
        assert_eq!(c.key(), top);
        assert!(c.at_boundary(&g));
    }

    #[test]
    fn the_server_follows_the_dual() {
        let g = graph("echo = mu rec. !(s : string). ?(n : int) {n = String.length s}. rec");
        let mut names = Names::default();
        let mut c = Cursor::start(&g, 0, Side::Server).unwrap();
        assert_eq!(c.next_send(&g), Err(Refusal::Depends { send: g.head(g.step(g.head(0).unwrap()).unwrap().next).unwrap(), on: g.head(0).unwrap() }));
        c.recv(&g, &mut names, "req").unwrap();
        assert!(!c.at_boundary(&g));
        assert!(matches!(c.recv(&g, &mut names, "again"), Err(Refusal::WrongDirection { .. })));
    }

    #[test]
    fn end_refuses_everything_and_lookahead_is_bounded() {
        let g = graph("p = !(x : int). end");
        let mut names = Names::default();
        let mut c = Cursor::start(&g, 0, Side::Client).unwrap();
        c.send(&g, SVal::Unit, &mut names).unwrap();
        assert_eq!(c.next_send(&g), Err(Refusal::Ended));
        assert!(matches!(c.recv(&g, &mut names, "y"), Err(Refusal::Ended)));
        let g = graph("q = mu r. ?(a : int). !(b : int). r");
        let mut c = Cursor::start(&g, 0, Side::Client).unwrap();
        for _ in 0..LOOKAHEAD {
            c.send(&g, SVal::Unit, &mut names).unwrap();
        }
        assert_eq!(c.next_send(&g), Err(Refusal::TooFarAhead));
    }
}
