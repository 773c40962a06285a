//! Synchronization (docs/verification.md): the process programs of a system's nodes become one
//! sequential program. The nodes run in turn as far as they can without receiving; each
//! receive is matched with the one send that can reach it and the pair becomes a `deliver`
//! (an assignment from the sender's state to the receiver's); a node's loop over a node set is
//! run together with the set's representative member, one member per iteration. Races
//! (a receive two senders could feed), deadlocks (a receive nothing feeds) and orphans (a
//! message nobody receives) are errors naming the statements involved.

use super::error::{SyncError, SyncErrorKind, SyncResult};
use super::prog::{Expr, NodeRef, Owner, Place, Stmt, Var};
use super::print::owner_text;
use super::rename::MemberIndex;
use std::collections::{HashMap, VecDeque};

/// One node's process program: a singleton's, or a set's representative member's.
#[derive(Debug, Clone)]
pub struct Process {
    /// Whose it is.
    pub owner: Owner,
    /// Its statements.
    pub stmts: Vec<Stmt>,
}

/// A process being run: its statements and how far it has got.
struct Running {
    owner: Owner,
    stmts: Vec<Stmt>,
    pos: usize,
    /// Whether it is a set's representative (rather than one node, or the member of a loop's
    /// current iteration).
    stands_for_set: bool,
}

impl Running {
    fn next(&self) -> Option<&Stmt> {
        self.stmts.get(self.pos)
    }

    /// A set's representative (its statements stand for every member's): the set and index.
    fn representative(&self) -> Option<(&str, &str)> {
        match &self.owner {
            Owner::Member { set, index } if self.stands_for_set => Some((set, index)),
            _ => None,
        }
    }
}

/// A message sent before its receiver was ready.
struct Pending {
    from: usize,
    msg: Expr,
    at: Option<Place>,
}

/// The synchronizer's state across nested loops.
struct Synchronizer {
    /// Sender variables whose value is a known address (so a reply to the sender finds it).
    known: HashMap<Var, Expr>,
    sent: u32,
}

/// The synchronized program of `processes`: singletons and set representatives. While a
/// singleton loops over a set, the representative is run as the member of the current
/// iteration.
pub fn synchronize(processes: Vec<Process>) -> SyncResult<Vec<Stmt>> {
    let mut running: Vec<Running> = processes.into_iter().map(|p| Running { stands_for_set: matches!(p.owner, Owner::Member { .. }), owner: p.owner, stmts: p.stmts, pos: 0 }).collect();
    let mut out = Vec::new();
    Synchronizer { known: HashMap::new(), sent: 0 }.run(&mut running, None, &mut out)?;
    Ok(out)
}

/// The address of a process, as a value.
fn address(o: &Owner) -> Expr {
    match o {
        Owner::Node(n) => Expr::Addr(NodeRef::Node(n.clone())),
        Owner::Member { set, index } => Expr::Addr(NodeRef::Member(set.clone(), Box::new(Expr::Var(Var { owner: Owner::Bound, name: index.clone() })))),
        Owner::Bound => Expr::Unit,
    }
}

/// Whether statements communicate.
fn communicates(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| match s {
        Stmt::Send { .. } | Stmt::Recv { .. } => true,
        Stmt::Each { body, .. } | Stmt::All { body, .. } => communicates(body),
        _ => false,
    })
}

/// Where a statement comes from (a delivery: its receive).
fn place_of(s: &Stmt) -> Option<Place> {
    match s {
        Stmt::Assign { at, .. } | Stmt::Send { at, .. } | Stmt::Recv { at, .. } | Stmt::Assert { at, .. } | Stmt::Each { at, .. } => *at,
        Stmt::Deliver { recv_at, .. } => *recv_at,
        Stmt::All { .. } => None,
    }
}

impl Synchronizer {
    /// Runs `procs` until every one has finished (or, with a `driver`, until it has), writing
    /// the synchronized statements to `out`.
    fn run(&mut self, procs: &mut [Running], driver: Option<usize>, out: &mut Vec<Stmt>) -> SyncResult<()> {
        let mut queues: Vec<VecDeque<Pending>> = procs.iter().map(|_| VecDeque::new()).collect();
        loop {
            self.local_steps(procs, out);
            let finished = |p: &Running| p.next().is_none();
            if driver.map_or_else(|| procs.iter().all(finished), |d| finished(&procs[d])) {
                return match queues.iter().enumerate().find_map(|(j, q)| q.front().map(|m| (j, m))) {
                    Some((j, m)) => Err(SyncError::new(format!("the message sent to `{}` here is never received", owner_text(&procs[j].owner)), m.at)
                        .with_help("every message a verified system sends must be received")
                        .of_kind(SyncErrorKind::Unmatched)),
                    None => Ok(()),
                };
            }
            if let Some(i) = procs.iter().position(|p| p.representative().is_none() && matches!(p.next(), Some(Stmt::Send { .. }))) {
                self.send(procs, &mut queues, i, out)?;
                continue;
            }
            if let Some(j) = (0..procs.len()).find(|&j| procs[j].representative().is_none() && matches!(procs[j].next(), Some(Stmt::Recv { .. })) && !queues[j].is_empty()) {
                self.check_race(procs, &queues, j)?;
                let m = queues[j].pop_front().expect("a waiting message");
                self.deliver(procs, j, m, out);
                continue;
            }
            if let Some(i) = procs.iter().position(|p| p.representative().is_none() && matches!(p.next(), Some(Stmt::Each { .. }))) {
                self.each(procs, &queues, i, out)?;
                continue;
            }
            return Err(self.stuck(procs, driver));
        }
    }

    /// Every process's statements up to its next communication: a singleton's go to `out`
    /// as they are, a representative's inside `all`.
    fn local_steps(&mut self, procs: &mut [Running], out: &mut Vec<Stmt>) {
        for p in procs.iter_mut() {
            let mut local = Vec::new();
            while let Some(s) = p.next() {
                if let Stmt::Assign { var, value, .. } = s {
                    // A local naming an address (`let (x, from) = receive mb`) is one too.
                    let addr = match value {
                        Expr::Addr(_) => Some(value.clone()),
                        Expr::Var(v) => self.known_address(v),
                        _ => None,
                    };
                    if let Some(addr) = addr {
                        self.known.insert(var.clone(), addr);
                    }
                }
                match s {
                    Stmt::Assign { .. } | Stmt::Assert { .. } => local.push(s.clone()),
                    Stmt::Each { body, .. } if !communicates(body) => local.push(s.clone()),
                    _ => break,
                }
                p.pos += 1;
            }
            if local.is_empty() {
                continue;
            }
            match p.representative() {
                Some((set, index)) => out.push(Stmt::All { index: index.to_string(), set: set.to_string(), body: local }),
                None => out.extend(local),
            }
        }
    }

    /// The process a message to `to` goes to.
    fn target(&self, procs: &[Running], to: &Expr, at: Option<Place>) -> SyncResult<usize> {
        let addr = match to {
            Expr::Var(v) => self.known_address(v).unwrap_or_else(|| to.clone()),
            other => other.clone(),
        };
        let outside_loop = || {
            SyncError::new("not supported yet: a send to one member of a node set outside a loop over the set", at)
                .with_help("send to the members in `List.iter (fun p -> send_to mb p ...) set`")
        };
        let found = match &addr {
            Expr::Addr(NodeRef::Node(n)) => procs.iter().position(|p| p.owner == Owner::Node(n.clone())),
            Expr::Addr(NodeRef::Member(set, index)) => {
                let member = match index.as_ref() {
                    Expr::Var(Var { owner: Owner::Bound, name }) => procs.iter().position(|p| p.owner == Owner::Member { set: set.clone(), index: name.clone() }),
                    _ => None,
                };
                match member {
                    Some(k) => Some(k),
                    None if procs.iter().any(|p| matches!(p.representative(), Some((s, _)) if s == set)) => return Err(outside_loop()),
                    None => None,
                }
            }
            _ => None,
        };
        found.ok_or_else(|| {
            SyncError::new("the verifier cannot tell which node this message goes to", at)
                .with_help("send to a node's address from the launcher, to a set member in a loop over its set, or to the sender of a message received")
        })
    }

    /// The address variable `v` holds, when known. A member's variable set in one loop over
    /// its set is known in a later loop too, where the member's index has another name.
    fn known_address(&self, v: &Var) -> Option<Expr> {
        if let Some(a) = self.known.get(v) {
            return Some(a.clone());
        }
        let Owner::Member { set, index } = &v.owner else { return None };
        self.known.iter().find_map(|(k, a)| match &k.owner {
            Owner::Member { set: s, index: old } if s == set && k.name == v.name => Some(MemberIndex { set, from: old, to: index }.expr(a)),
            _ => None,
        })
    }

    fn send(&mut self, procs: &mut [Running], queues: &mut [VecDeque<Pending>], i: usize, out: &mut Vec<Stmt>) -> SyncResult<()> {
        let Some(Stmt::Send { to, msg, at, .. }) = procs[i].next().cloned() else { return Ok(()) };
        let j = self.target(procs, &to, at)?;
        if procs[j].representative().is_some() {
            return Err(SyncError::new("not supported yet: a send to one member of a node set outside a loop over the set", at)
                .with_help("send to the members in `List.iter (fun p -> send_to mb p ...) set`"));
        }
        if matches!(procs[j].next(), Some(Stmt::Recv { .. })) && queues[j].is_empty() {
            self.check_race(procs, queues, j)?;
            self.deliver(procs, j, Pending { from: i, msg, at }, out);
            return Ok(());
        }
        // The receiver is not ready: the message waits in a variable of the sender's.
        self.sent += 1;
        let var = Var { owner: procs[i].owner.clone(), name: format!("sent#{}", self.sent) };
        out.push(Stmt::Assign { var: var.clone(), value: msg, at });
        queues[j].push_back(Pending { from: i, msg: Expr::Var(var), at });
        procs[i].pos += 1;
        Ok(())
    }

    /// Process `j`'s receive takes `m`; the sender, when it is still at the send, moves on.
    fn deliver(&mut self, procs: &mut [Running], j: usize, m: Pending, out: &mut Vec<Stmt>) {
        let Some(Stmt::Recv { msg, sender, at, .. }) = procs[j].next().cloned() else { return };
        let from = address(&procs[m.from].owner);
        self.known.insert(sender.clone(), from.clone());
        out.push(Stmt::Deliver { msg: (msg, m.msg), sender: (sender, from), send_at: m.at, recv_at: at });
        if matches!(procs[m.from].next(), Some(Stmt::Send { at: sent, .. }) if *sent == m.at) {
            procs[m.from].pos += 1;
        }
        procs[j].pos += 1;
    }

    /// An error when the receive `j` is at could take messages of two different senders.
    fn check_race(&self, procs: &[Running], queues: &[VecDeque<Pending>], j: usize) -> SyncResult<()> {
        let mut senders: Vec<(usize, Option<Place>)> = queues[j].iter().map(|m| (m.from, m.at)).collect();
        for (i, p) in procs.iter().enumerate() {
            if let Some(Stmt::Send { to, at, .. }) = p.next() {
                if p.representative().is_none() && self.target(procs, to, *at).ok() == Some(j) && !senders.iter().any(|(k, _)| *k == i) {
                    senders.push((i, *at));
                }
            }
        }
        senders.dedup_by_key(|(k, _)| *k);
        if let [(a, la), (b, lb), ..] = senders.as_slice() {
            let recv_at = procs[j].next().and_then(place_of);
            return Err(SyncError::new(format!("race: this receive of `{}` can take the message of `{}` or of `{}`", owner_text(&procs[j].owner), owner_text(&procs[*a].owner), owner_text(&procs[*b].owner)), recv_at)
                .with_other(*la, format!("`{}` sends here", owner_text(&procs[*a].owner)))
                .with_other(*lb, format!("`{}` sends here", owner_text(&procs[*b].owner)))
                .with_help("pretend synchrony needs one possible sender for each receive: make one sender wait for the other (or for an answer), or receive from a node set in a loop over it")
                .of_kind(SyncErrorKind::Race));
        }
        Ok(())
    }

    /// Process `i`'s loop over a set, run with the set's representative as the current member.
    fn each(&mut self, procs: &mut [Running], queues: &[VecDeque<Pending>], i: usize, out: &mut Vec<Stmt>) -> SyncResult<()> {
        let Some(Stmt::Each { index, set, body, invariant, at }) = procs[i].next().cloned() else { return Ok(()) };
        let Some(r) = procs.iter().position(|p| matches!(p.representative(), Some((s, _)) if s == set)) else {
            return Err(SyncError::new(format!("not supported yet: this loop over `{set}` talks to the members inside another loop over the set"), at));
        };
        let first = body.iter().find(|s| matches!(s, Stmt::Send { .. } | Stmt::Recv { .. } | Stmt::Each { .. }));
        if matches!(first, Some(Stmt::Recv { .. })) && body.iter().any(|s| s.mentions_bound(&index)) {
            // The members' messages arrive in any order: the iteration that receives member
            // k's message in the canonical order may really get another member's.
            return Err(SyncError::new(format!("this loop over `{set}` receives the members' messages, which arrive in any order, but uses its member variable"), at)
                .with_help("write `fun _ -> ...` and use the sender's address that `receive` returns"));
        }
        self.check_loop_race(procs, queues, i, first, at)?;
        let Some((_, from)) = procs[r].representative() else { return Ok(()) };
        let rename = MemberIndex { set: &set, from, to: &index };
        let member = Owner::Member { set: set.clone(), index: index.clone() };
        let rest: Vec<Stmt> = procs[r].stmts[procs[r].pos..].iter().map(|s| rename.stmt(s)).collect();
        let mut inner = [
            Running { owner: procs[i].owner.clone(), stmts: body, pos: 0, stands_for_set: false },
            Running { owner: member, stmts: rest, pos: 0, stands_for_set: false },
        ];
        let mut synced = Vec::new();
        self.run(&mut inner, Some(0), &mut synced).map_err(|e| e.with_other(at, format!("in this loop over `{set}`")))?;
        let receives = inner[0].stmts.iter().any(|s| matches!(s, Stmt::Recv { .. }));
        if let (Some(Stmt::Send { to, at: send_at, .. }), true) = (inner[1].next(), receives) {
            if matches!(to, Expr::Addr(NodeRef::Node(n)) if procs[i].owner == Owner::Node(n.clone())) {
                // In flight while the loop still receives the other members' messages.
                return Err(SyncError::new(format!("race: a member of `{set}` sends `{}` another message while this loop still receives the other members' messages", owner_text(&procs[i].owner)), at)
                    .with_other(*send_at, "the member sends it here")
                    .with_help("let each member send one message per loop, or wait for an answer before sending the next")
                    .of_kind(SyncErrorKind::Race));
            }
        }
        procs[r].pos += inner[1].pos;
        procs[i].pos += 1;
        out.push(Stmt::Each { index, set, body: synced, invariant, at });
        Ok(())
    }

    /// An error when the loop of process `i` over a set, whose first communication is
    /// `first`, competes with another node: a receive loop with a message another node sends
    /// (or has sent) to `i`, a send loop with another node's send loop to the same members.
    fn check_loop_race(&self, procs: &[Running], queues: &[VecDeque<Pending>], i: usize, first: Option<&Stmt>, at: Option<Place>) -> SyncResult<()> {
        let race = |other: usize, sender_at: Option<Place>, what: &str| {
            SyncError::new(format!("race: this loop of `{}` and `{}` {what}", owner_text(&procs[i].owner), owner_text(&procs[other].owner)), at)
                .with_other(sender_at, format!("`{}` sends here", owner_text(&procs[other].owner)))
                .with_help("pretend synchrony needs one possible sender for each receive: make one node wait for the other (for an answer) before it sends")
                .of_kind(SyncErrorKind::Race)
        };
        match first {
            Some(Stmt::Recv { .. }) => {
                if let Some(m) = queues[i].front() {
                    return Err(race(m.from, m.at, "send to the same node: a receive of the loop can take either message"));
                }
                for (k, p) in procs.iter().enumerate() {
                    if let (Some(Stmt::Send { to, at: send_at, .. }), None) = (p.next(), p.representative()) {
                        if k != i && self.target(procs, to, *send_at).ok() == Some(i) {
                            return Err(race(k, *send_at, "send to the same node: a receive of the loop can take either message"));
                        }
                    }
                }
            }
            Some(Stmt::Send { .. }) => {
                let set = match procs[i].next() {
                    Some(Stmt::Each { set, .. }) => set.clone(),
                    _ => return Ok(()),
                };
                for (k, p) in procs.iter().enumerate() {
                    let Some(Stmt::Each { set: s, body, at: each_at, .. }) = p.next() else { continue };
                    let sends_first = matches!(body.iter().find(|s| matches!(s, Stmt::Send { .. } | Stmt::Recv { .. } | Stmt::Each { .. })), Some(Stmt::Send { .. }));
                    if k != i && p.representative().is_none() && *s == set && sends_first {
                        return Err(race(k, *each_at, &format!("both send to every member of `{set}`: a member's receive can take either message")));
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Why nothing can move: the first receive that waits forever, with where the others are.
    fn stuck(&self, procs: &[Running], driver: Option<usize>) -> SyncError {
        let order: Vec<usize> = driver.into_iter().chain(0..procs.len()).collect();
        for &j in &order {
            let p = &procs[j];
            let Some(s) = p.next() else { continue };
            let mut err = match s {
                Stmt::Recv { at, .. } => {
                    let finished: Vec<String> = procs.iter().filter(|q| q.next().is_none()).map(|q| format!("`{}`", owner_text(&q.owner))).collect();
                    let why = if finished.is_empty() { String::new() } else { format!(": {} ha{} finished without sending it", finished.join(", "), if finished.len() == 1 { "s" } else { "ve" }) };
                    SyncError::new(format!("this receive of `{}` never gets a message{why}", owner_text(&p.owner)), *at)
                        .with_help("every receive needs a send that reaches it: is a message (an answer, an ack) missing?")
                }
                Stmt::Send { to, at, .. } if p.representative().is_some() => {
                    let dest = self.target(procs, to, *at).ok().map(|k| owner_text(&procs[k].owner)).unwrap_or_else(|| "a node".into());
                    SyncError::new(format!("every member of `{}` sends a message to `{dest}` here, but `{dest}` does not receive them in a loop over the set", p.representative().map(|(s, _)| s).unwrap_or("")), *at)
                        .with_help(format!("receive the members' messages with `List.iter (fun _ -> ... receive mb ...) {}`", p.representative().map(|(s, _)| s).unwrap_or("")))
                }
                Stmt::Send { .. } | Stmt::Each { .. } => SyncError::new(format!("`{}` waits here forever", owner_text(&p.owner)), place_of(s)),
                _ => continue,
            };
            for (k, q) in procs.iter().enumerate() {
                if k == j {
                    continue;
                }
                match q.next() {
                    Some(s) => err = err.with_other(place_of(s), format!("`{}` waits here", owner_text(&q.owner))),
                    None => {
                        if let Some(at) = q.stmts.iter().rev().find_map(place_of) {
                            err = err.with_other(Some(at), format!("`{}` has finished after this", owner_text(&q.owner)));
                        }
                    }
                }
            }
            return err.of_kind(SyncErrorKind::Unmatched);
        }
        SyncError::new("the system's nodes wait for each other", None).of_kind(SyncErrorKind::Unmatched)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(n: &str) -> Owner {
        Owner::Node(n.into())
    }

    fn send(from: &str, to: &str, v: i64, at: u32) -> Stmt {
        Stmt::Send { from: node(from), to: Expr::Addr(NodeRef::Node(to.into())), msg: Expr::Int(v), at: Place::on_line(at) }
    }

    fn recv(owner: Owner, at: u32) -> Stmt {
        let var = |n: &str| Var { owner: owner.clone(), name: n.into() };
        Stmt::Recv { node: owner.clone(), msg: var("m"), sender: var("s"), at: Place::on_line(at) }
    }

    fn process(owner: Owner, stmts: Vec<Stmt>) -> Process {
        Process { owner, stmts }
    }

    #[test]
    fn a_request_and_its_reply_become_two_deliveries() {
        let reply = Stmt::Send { from: node("srv"), to: Expr::Var(Var { owner: node("srv"), name: "s".into() }), msg: Expr::Int(2), at: Place::on_line(4) };
        let out = synchronize(vec![process(node("cli"), vec![send("cli", "srv", 1, 1), recv(node("cli"), 2)]), process(node("srv"), vec![recv(node("srv"), 3), reply])]).unwrap();
        let lines: Vec<(Option<u32>, Option<u32>)> = out.iter().filter_map(|s| if let Stmt::Deliver { send_at, recv_at, .. } = s { Some((send_at.map(|p| p.line), recv_at.map(|p| p.line))) } else { None }).collect();
        assert_eq!(lines, vec![(Some(1), Some(3)), (Some(4), Some(2))]);
    }

    #[test]
    fn two_ready_senders_to_one_receive_are_a_race() {
        let e = synchronize(vec![process(node("a"), vec![send("a", "c", 1, 1)]), process(node("b"), vec![send("b", "c", 2, 2)]), process(node("c"), vec![recv(node("c"), 3), recv(node("c"), 4)])]).unwrap_err();
        assert_eq!(e.kind, SyncErrorKind::Race);
        assert_eq!(e.at.map(|p| p.line), Some(3));
        assert_eq!(e.others.iter().map(|(at, _)| at.map(|p| p.line)).collect::<Vec<_>>(), vec![Some(1), Some(2)]);
    }

    #[test]
    fn a_receive_nothing_reaches_and_a_message_nobody_takes_are_unmatched() {
        let e = synchronize(vec![process(node("c"), vec![recv(node("c"), 7)]), process(node("a"), vec![])]).unwrap_err();
        assert_eq!((e.kind, e.at.map(|p| p.line)), (SyncErrorKind::Unmatched, Some(7)));
        let e = synchronize(vec![process(node("a"), vec![send("a", "c", 1, 5)]), process(node("c"), vec![])]).unwrap_err();
        assert_eq!((e.kind, e.at.map(|p| p.line)), (SyncErrorKind::Unmatched, Some(5)));
    }

    #[test]
    fn a_receive_loop_competing_with_another_sender_is_a_race() {
        let member = Owner::Member { set: "parts".into(), index: "i".into() };
        let gather = Stmt::Each { index: "k".into(), set: "parts".into(), body: vec![recv(node("coord"), 3)], invariant: None, at: Place::on_line(3) };
        let to_coord = Stmt::Send { from: member.clone(), to: Expr::Addr(NodeRef::Node("coord".into())), msg: Expr::Int(1), at: Place::on_line(1) };
        let e = synchronize(vec![process(member, vec![to_coord]), process(node("coord"), vec![gather]), process(node("x"), vec![send("x", "coord", 2, 2)])]).unwrap_err();
        assert_eq!((e.kind, e.at.map(|p| p.line)), (SyncErrorKind::Race, Some(3)));
        assert_eq!(e.others.first().map(|(at, _)| at.map(|p| p.line)), Some(Some(2)), "the competing send");
    }

    #[test]
    fn a_send_loop_is_run_with_the_representative_as_the_current_member() {
        let member = Owner::Member { set: "parts".into(), index: "i".into() };
        let to_member = Expr::Addr(NodeRef::Member("parts".into(), Box::new(Expr::Var(Var { owner: Owner::Bound, name: "p".into() }))));
        let each = Stmt::Each { index: "p".into(), set: "parts".into(), body: vec![Stmt::Send { from: node("coord"), to: to_member, msg: Expr::Int(1), at: Place::on_line(1) }], invariant: None, at: Place::on_line(1) };
        let out = synchronize(vec![process(node("coord"), vec![each]), process(member, vec![recv(Owner::Member { set: "parts".into(), index: "i".into() }, 2)])]).unwrap();
        let [Stmt::Each { body, .. }] = out.as_slice() else { panic!("one loop: {out:?}") };
        let [Stmt::Deliver { msg: (var, _), .. }] = body.as_slice() else { panic!("one delivery: {body:?}") };
        assert_eq!(var.owner, Owner::Member { set: "parts".into(), index: "p".into() }, "the member's variable is renamed to the loop's index");
    }
}
