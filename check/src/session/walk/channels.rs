//! Channel operations: sockets, `connect`/`accept`, `send` (with its refinement) and `recv`/`try_recv` against the protocol's next step.

use super::*;

impl Walker<'_> {
    pub(super) fn new_chan(&mut self, f: FuncId, path: &mut Path, sock: &Sock) -> AVal {
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
    pub(super) fn chan_op(&mut self, f: FuncId, path: &mut Path, op: ChanOp, avs: &[AVal], args: &[Var], protocol: Option<&str>, dest: Option<Var>, dest_ty: Ty) -> Option<AVal> {
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
            // An operation on a value the walk does not know as an endpoint is on an endpoint
            // without a protocol: one with a protocol never becomes an unknown value without
            // an E0509 where it was lost (returned, stored, given to a primitive, a function
            // the walk cannot identify or an exception).
            ChanOp::Accept | ChanOp::Connect | ChanOp::Send | ChanOp::Recv | ChanOp::TryRecv if !matches!(avs.first(), Some(AVal::Socket(_) | AVal::Chan(_))) => {
                AVal::Sym(path.names.fresh_ir(dest_ty, None))
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
                // A handle the walk does not know has no protocol (see the channel operations).
                _ => AVal::Sym(path.names.fresh_ir(dest_ty, None)),
            },
        })
    }

    /// The channel in `slot` and whether it is owned, taken out of the path (the caller puts
    /// it back once it has moved it, or ends the path), refusing a handed-over one; `None`
    /// when it is not followed.
    pub(super) fn live(&mut self, f: FuncId, path: &mut Path, slot: usize, what: &'static str) -> Option<(Cursor, bool)> {
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

    pub(super) fn refuse(&mut self, f: FuncId, span: Option<Span>, what: &'static str, cursor: &Cursor, r: Refusal) {
        let g = &self.graphs[cursor.protocol];
        let name = g.name.clone();
        let (code, message, label, step) = match r {
            Refusal::WrongDirection { due } => {
                let s = g.step(due);
                let dir = if what == "send" { "receive" } else { "send" };
                (Code::SessionWrongDirection, format!("`{what}` where protocol `{name}` expects this endpoint to {dir}"), format!("the next step here is {}", g.describe(due)), s.map(|s| s.span))
            }
            Refusal::Ended => (Code::SessionWrongDirection, format!("`{what}` after the conversation of protocol `{name}` has ended"), "the protocol is at `end` here".into(), None),
            Refusal::TooFarAhead => (Code::SessionSendAhead, format!("more than {} messages sent ahead of their answers on protocol `{name}`", crate::session::cursor::LOOKAHEAD), "this send overtakes too many receives".into(), None),
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

    pub(super) fn send(&mut self, f: FuncId, path: &mut Path, slot: usize, value: Option<Var>) -> Option<()> {
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

    /// The obligation that `pred_expr`, the predicate of `step` (consumed as `consumed`) of
    /// protocol `protocol`, holds on `path`; a failure is reported where the path is.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn refinement(&mut self, f: FuncId, path: &Path, protocol: usize, consumed: &Consumed, pred_expr: &anerisc_frontend::ast::Expr, step: &StepNode) {
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

    pub(super) fn wrong_type(&mut self, f: FuncId, span: Option<Span>, step: &StepNode, ty: Ty) {
        let shown = if ty == Ty::Str { "string" } else { ty.name() };
        let p = self.problem(Code::SessionMessageType, f, span, format!("this message has type `{shown}`, but the protocol's step carries `{}`", step.ty));
        p.set_label(format!("of type {shown} here"));
        p.secondary.push(Label { span: step.span, message: format!("the step declares `{} : {}`", step.binder, step.ty) });
        p.help = Some("make the serializers of the socket and the protocol's message types agree".into());
    }

    /// A receive into `dest` on `slot`; false when the path cannot go on.
    pub(super) fn receive(&mut self, f: FuncId, path: &mut Path, slot: usize, dest: Var, dest_ty: Ty, what: &'static str) -> bool {
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
}
