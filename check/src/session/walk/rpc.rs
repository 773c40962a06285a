//! RPC endpoints: a server's handler checked against the request/reply protocol, and a client's requests.

use super::*;

impl Walker<'_> {
    /// `rpc_start ... handler [@protocol p]`: walks the handler once, given a request that
    /// satisfies the request's refinement, and proves the reply's at each of its returns.
    /// With `optional` (`run_server_opt`), the handler is given `Some request` or `None` (no
    /// request came in time) and answers `Some reply` or `None` (nothing is sent).
    pub(super) fn serve(&mut self, f: FuncId, span: Option<Span>, protocol: usize, handler: Option<&AVal>, optional: bool) {
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
    pub(super) fn reply(&mut self, f: FuncId, path: &mut Path, contract: &Contract, value: Var) {
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
    pub(super) fn answers_exactly(&mut self, f: FuncId, path: &Path, protocol: usize, present: &Bool, answered: &Bool, reply: &StepNode) {
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
    pub(super) fn request(&mut self, f: FuncId, path: &mut Path, protocol: usize, value: Option<Var>, dest: Option<Var>) -> Option<AVal> {
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
}
