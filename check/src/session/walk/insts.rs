//! One instruction on a path: values, primitives, local cells, calls, data, exceptions and `fork`.

use super::*;

impl Walker<'_> {
    /// `!`, `:=`, `incr` and `decr` of a local cell, and the `ref` that makes one: the walk
    /// keeps the cell's contents on the path. `None` for any other primitive.
    pub(super) fn cell_op(&mut self, f: FuncId, path: &mut Path, p: Prim, args: &[Var], dest: Option<Var>, dest_ty: Ty) -> Option<AVal> {
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

    /// One instruction; false when the path ends here.
    pub(super) fn inst(&mut self, f: FuncId, path: &mut Path, inst: &Inst) -> bool {
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
                    a if holds_endpoint(&a, &path.chans) && !matches!(a, AVal::Closure(_, ref e) if e.is_empty()) => {
                        self.not_followed(f, span, "a channel, or a closure holding an endpoint, stored in a global".into());
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
            InstKind::MakeExn(id, args) => {
                if args.iter().any(|a| holds_endpoint(&val(path, a), &path.chans)) {
                    self.not_followed(f, span, "a channel, socket or RPC handle carried by an exception".into());
                    return false;
                }
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
}
