//! Lowering expressions: each returns the variable holding its value.

use super::builder::Builder;
use super::free::free_locals;
use super::matching::Fail;
use super::types::CtorRepr;
use super::{protocol_of, unsupported, GlobalRef, Lowered, Lowerer, ModCx};
use crate::ir::*;
use crate::prim::Prim;
use anerisc_diag::span::Span;
use anerisc_frontend::ast::{Constant, Direction, RecFlag};
use anerisc_frontend::typed::*;
use std::collections::HashMap;

/// Builds the instruction of an applied primitive, channel operation or direct call.
type MakeInst = Box<dyn Fn(Vec<Var>) -> InstKind>;

impl Lowerer {
    /// Lowers `e` into `b`; returns the variable holding its value.
    pub(super) fn expr(&mut self, m: &mut ModCx, b: &mut Builder, e: &TExpr) -> Lowered<Var> {
        let span = m.span(e.span);
        let ty = m.view.ty(e.ty);
        Ok(match &e.kind {
            TExprKind::Const(c) => b.emit(ty, InstKind::Const(constant(c)), None),
            TExprKind::Var(ValueRef::Local(id, name)) => {
                *b.locals.get(id).ok_or_else(|| unsupported(format!("internal: local `{name}` is not in scope")))?
            }
            TExprKind::Var(ValueRef::Global { module, name }) => self.global_value(m, b, module, name, ty, span)?,
            TExprKind::Construct(ConstrRef::Variant { decl, tag }, args) => {
                let vs = self.exprs(m, b, args)?;
                match m.view.ctor(*decl, *tag) {
                    CtorRepr::Bool(v) => b.emit(Ty::Bool, InstKind::Const(Const::Bool(v)), None),
                    CtorRepr::Unit => b.emit(Ty::Unit, InstKind::Const(Const::Unit), None),
                    CtorRepr::Imm(k) => b.emit(ty, InstKind::Const(if ty == Ty::Int { Const::Int(k) } else { Const::Ctor(k) }), None),
                    CtorRepr::Block(t, _) => b.emit(Ty::Data, InstKind::Make(t, vs), span),
                }
            }
            TExprKind::Construct(ConstrRef::Exception(id), args) => {
                let vs = self.exprs(m, b, args)?;
                let exn = self.exception(&m.view, *id);
                let n = self.program.exceptions[exn.0 as usize].args.len();
                if n != vs.len() {
                    return Err(unsupported(format!("exception arguments given as one tuple (line {})", m.line(e.span))));
                }
                b.emit(Ty::Exn, InstKind::MakeExn(exn, vs), span)
            }
            TExprKind::Tuple(es) => {
                let vs = self.exprs(m, b, es)?;
                b.emit(Ty::Data, InstKind::Make(0, vs), span)
            }
            TExprKind::Apply(f, args) => self.apply(m, b, e, f, args)?,
            TExprKind::Fun(..) | TExprKind::Function(_) => self.closure(m, b, e, e.span)?,
            TExprKind::Let(rec, bindings, body) => {
                self.local_let(m, b, *rec, bindings)?;
                self.expr(m, b, body)?
            }
            TExprKind::Match(s, cases) => {
                let v = self.expr(m, b, s)?;
                self.compile_match(m, b, v, cases, ty, Fail::MatchFailure(e.span))?
            }
            TExprKind::Try(body, cases) => self.try_with(m, b, body, cases, ty)?,
            TExprKind::If(c, t, f) => {
                let cv = self.expr(m, b, c)?;
                let (yes, _) = b.block(&[]);
                let (no, _) = b.block(&[]);
                let (join, params) = b.block(&[ty]);
                b.set_term(Terminator::Branch(cv, Target { block: yes, args: vec![] }, Target { block: no, args: vec![] }));
                b.switch_to(yes);
                let tv = self.expr(m, b, t)?;
                b.set_term(Terminator::Jump(Target { block: join, args: vec![tv] }));
                b.switch_to(no);
                let fv = match f {
                    Some(f) => self.expr(m, b, f)?,
                    None => b.emit(Ty::Unit, InstKind::Const(Const::Unit), None),
                };
                b.jump_to(join, vec![fv]);
                params[0]
            }
            TExprKind::Sequence(a, c) => {
                self.expr(m, b, a)?;
                self.expr(m, b, c)?
            }
            TExprKind::While(c, body) => {
                let (head, _) = b.block(&[]);
                let (inner, _) = b.block(&[]);
                let (exit, _) = b.block(&[]);
                b.jump_to(head, vec![]);
                let cv = self.expr(m, b, c)?;
                b.set_term(Terminator::Branch(cv, Target { block: inner, args: vec![] }, Target { block: exit, args: vec![] }));
                b.switch_to(inner);
                self.expr(m, b, body)?;
                b.set_term(Terminator::Jump(Target { block: head, args: vec![] }));
                b.switch_to(exit);
                b.emit(Ty::Unit, InstKind::Const(Const::Unit), None)
            }
            TExprKind::For(id, from, dir, to, body) => self.for_loop(m, b, *id, from, *dir, to, body)?,
            TExprKind::Record(_, fields, base) => {
                let base = match base {
                    Some(e) => Some(self.expr(m, b, e)?),
                    None => None,
                };
                let mut vs = Vec::new();
                for (i, f) in fields.iter().enumerate() {
                    vs.push(match (f, base) {
                        (Some(f), _) => self.expr(m, b, f)?,
                        (None, Some(base)) => b.emit(Ty::Any, InstKind::Field(base, i as u32), None),
                        (None, None) => return Err(unsupported("a record without all its fields")),
                    });
                }
                b.emit(Ty::Data, InstKind::Make(0, vs), span)
            }
            TExprKind::Field(r, f) => {
                let rv = self.expr(m, b, r)?;
                b.emit(ty, InstKind::Field(rv, f.index), span)
            }
            TExprKind::ArrayGet(a, i) => {
                let av = self.expr(m, b, a)?;
                let iv = self.expr(m, b, i)?;
                b.emit(ty, InstKind::Prim(Prim::ArrayGet, vec![av, iv]), span)
            }
            TExprKind::Assert(c) => self.assert(m, b, e, c)?,
            TExprKind::Printf(kind, pieces) => {
                let n = conversions(pieces);
                if n == 0 {
                    b.emit(ty, InstKind::Printf(*kind, pieces.clone(), vec![]), span)
                } else {
                    let name = self.fresh_name(&b.func.name);
                    let f = self.printf_function(name, *kind, pieces, span);
                    let id = self.add_function(f);
                    b.emit(Ty::Fun, InstKind::Closure(id, vec![]), span)
                }
            }
        })
    }

    fn exprs(&mut self, m: &mut ModCx, b: &mut Builder, es: &[TExpr]) -> Lowered<Vec<Var>> {
        es.iter().map(|e| self.expr(m, b, e)).collect()
    }

    /// A global used as a value.
    fn global_value(&mut self, m: &mut ModCx, b: &mut Builder, module: &str, name: &str, ty: Ty, span: Option<Span>) -> Lowered<Var> {
        Ok(match self.resolve(m, module, name)? {
            GlobalRef::Global(g) => b.emit(self.program.globals[g.0 as usize].ty, InstKind::Global(g), None),
            GlobalRef::Prim(p) if p.signature().0.is_empty() => b.emit(ty, InstKind::Prim(p, vec![]), span),
            GlobalRef::Prim(p) => {
                let f = self.wrapper(p.name(), p.signature().0, p.signature().1, |args| InstKind::Prim(p, args));
                b.emit(Ty::Fun, InstKind::Closure(f, vec![]), span)
            }
            GlobalRef::Chan(op, implementation) => {
                let (tys, ret) = op.signature();
                let f = self.wrapper(op.name(), tys, ret, |args| InstKind::Chan { op, args, protocol: None, implementation });
                b.emit(Ty::Fun, InstKind::Closure(f, vec![]), span)
            }
        })
    }

    /// The function `fn prim.NAME(args) = prim NAME(args)`, made once per primitive.
    fn wrapper(&mut self, name: &str, tys: &[Ty], ret: Ty, make: impl FnOnce(Vec<Var>) -> InstKind) -> FuncId {
        let key = format!("Prim.{name}");
        if let Some(f) = self.wrappers.get(&key) {
            return *f;
        }
        let mut b = Builder::new(key.clone(), ret, None);
        let params: Vec<Var> = tys.iter().map(|t| b.var(*t, None)).collect();
        let params = if params.is_empty() { vec![b.var(Ty::Unit, None)] } else { params };
        b.func.params = params.clone();
        let r = b.emit(ret, make(params), None);
        b.set_term(Terminator::Return(r));
        let id = self.add_function(b.finish());
        self.wrappers.insert(key, id);
        if !self.program.modules.iter().any(|m| m.name == "Prim") {
            let init = Builder::new("Prim.init".into(), Ty::Unit, None);
            let mut init = init;
            let u = init.emit(Ty::Unit, InstKind::Const(Const::Unit), None);
            init.set_term(Terminator::Return(u));
            let init_id = self.add_function(init.finish());
            self.program.modules.insert(0, ModuleInit { name: "Prim".into(), library: true, init: init_id });
        }
        id
    }

    fn printf_function(&mut self, name: String, kind: PrintfKind, pieces: &[FormatPiece], span: Option<Span>) -> Function {
        let ret = if kind == PrintfKind::Sprintf { Ty::Str } else { Ty::Unit };
        let mut b = Builder::new(name, ret, span);
        let params: Vec<Var> = pieces
            .iter()
            .filter_map(|p| match p {
                FormatPiece::Conversion { conv, .. } => Some(conversion_ty(*conv)),
                _ => None,
            })
            .map(|t| b.var(t, None))
            .collect();
        b.func.params = params.clone();
        let r = b.emit(ret, InstKind::Printf(kind, pieces.to_vec(), params), span);
        b.set_term(Terminator::Return(r));
        b.finish()
    }

    fn apply(&mut self, m: &mut ModCx, b: &mut Builder, e: &TExpr, f: &TExpr, args: &[TExpr]) -> Lowered<Var> {
        let span = m.span(application_span(e, f, args));
        let ty = m.view.ty(e.ty);
        if let TExprKind::Printf(kind, pieces) = &f.kind {
            if conversions(pieces) == args.len() {
                let vs = self.exprs(m, b, args)?;
                return Ok(b.emit(ty, InstKind::Printf(*kind, pieces.clone(), vs), span));
            }
        }
        if let TExprKind::Var(ValueRef::Global { module, name }) = &f.kind {
            if let Some(v) = self.apply_global(m, b, e, span, module, name, args)? {
                return Ok(v);
            }
        }
        let fv = self.expr(m, b, f)?;
        let vs = self.exprs(m, b, args)?;
        Ok(b.emit(ty, InstKind::Apply(fv, vs), span))
    }

    /// Applications of library values that are instructions, and direct calls; their
    /// instructions carry `span`.
    #[allow(clippy::too_many_arguments)]
    fn apply_global(&mut self, m: &mut ModCx, b: &mut Builder, e: &TExpr, span: Option<Span>, module: &str, name: &str, args: &[TExpr]) -> Lowered<Option<Var>> {
        let ty = m.view.ty(e.ty);
        let stdlib = module == "Stdlib";
        match (name, args) {
            ("&&" | "||", [x, y]) if stdlib => {
                let xv = self.expr(m, b, x)?;
                let (rhs, _) = b.block(&[]);
                let (join, params) = b.block(&[Ty::Bool]);
                let short = Target { block: join, args: vec![xv] };
                let long = Target { block: rhs, args: vec![] };
                b.set_term(if name == "&&" { Terminator::Branch(xv, long, short) } else { Terminator::Branch(xv, short, long) });
                b.switch_to(rhs);
                let yv = self.expr(m, b, y)?;
                b.jump_to(join, vec![yv]);
                return Ok(Some(params[0]));
            }
            ("|>", [x, f]) if stdlib => {
                let xv = self.expr(m, b, x)?;
                let fv = self.expr(m, b, f)?;
                return Ok(Some(b.emit(ty, InstKind::Apply(fv, vec![xv]), span)));
            }
            ("@@", [f, x]) if stdlib => {
                let fv = self.expr(m, b, f)?;
                let xv = self.expr(m, b, x)?;
                return Ok(Some(b.emit(ty, InstKind::Apply(fv, vec![xv]), span)));
            }
            ("fork", [f, x]) if module == "Ast" => {
                let fv = self.expr(m, b, f)?;
                let xv = self.expr(m, b, x)?;
                return Ok(Some(b.emit(Ty::Unit, InstKind::Fork(fv, xv), span)));
            }
            _ => {}
        }
        let (arity, make): (usize, MakeInst) = match self.resolve(m, module, name)? {
            GlobalRef::Prim(p) => (p.signature().0.len(), Box::new(move |vs| InstKind::Prim(p, vs))),
            GlobalRef::Chan(op, implementation) => {
                let protocol = protocol_of(&e.attrs);
                (op.signature().0.len(), Box::new(move |vs| InstKind::Chan { op, args: vs, protocol: protocol.clone(), implementation }))
            }
            GlobalRef::Global(g) => match self.known.get(&g) {
                Some((f, n)) => {
                    let f = *f;
                    (*n, Box::new(move |vs| InstKind::Call(f, vs)))
                }
                None => return Ok(None),
            },
        };
        if arity == 0 || args.len() < arity {
            return Ok(None);
        }
        let vs = self.exprs(m, b, args)?;
        let result_ty = if args.len() == arity { ty } else { Ty::Fun };
        let r = b.emit(result_ty, make(vs[..arity].to_vec()), span);
        if let InstKind::Prim(p, _) = &b.func.blocks[b.current.0 as usize].insts.last().map(|i| i.kind.clone()).unwrap_or(InstKind::Const(Const::Unit)) {
            if p.diverges() {
                b.terminate(Terminator::Unreachable);
            }
        }
        if args.len() == arity {
            return Ok(Some(r));
        }
        Ok(Some(b.emit(ty, InstKind::Apply(r, vs[arity..].to_vec()), span)))
    }

    /// A `fun`/`function` as a closure capturing its free locals; `defined_at` is the name it
    /// is bound to, or the expression itself.
    fn closure(&mut self, m: &mut ModCx, b: &mut Builder, e: &TExpr, defined_at: Span) -> Lowered<Var> {
        let captures = self.captures(b, &[e], &[])?;
        let name = self.fresh_name(&b.func.name);
        let f = self.lambda_function(m, name, e, defined_at, &captures, &HashMap::new())?;
        let id = self.add_function(f);
        let vs = captures.iter().map(|(id, _, _)| b.locals[id]).collect();
        Ok(b.emit(Ty::Fun, InstKind::Closure(id, vs), m.span(e.span)))
    }

    /// The locals `exprs` capture from `b`'s scope (all but `except`), with their types.
    fn captures(&mut self, b: &Builder, exprs: &[&TExpr], except: &[LocalId]) -> Lowered<Vec<(LocalId, String, Ty)>> {
        free_locals(exprs, &[])
            .into_iter()
            .filter(|(id, _)| !except.contains(id))
            .map(|(id, name)| {
                let v = b.locals.get(&id).ok_or_else(|| unsupported(format!("internal: captured local `{name}` is not in scope")))?;
                Ok((id, name, b.func.ty(*v)))
            })
            .collect()
    }

    /// The IR function of a `fun` or `function` defined at `defined_at` (the name it is bound
    /// to, or the expression itself), with environment `captures`; `siblings` are the other
    /// functions of its `let rec` group (sharing its environment).
    pub(super) fn lambda_function(&mut self, m: &mut ModCx, name: String, e: &TExpr, defined_at: Span, captures: &[(LocalId, String, Ty)], siblings: &HashMap<LocalId, (FuncId, String)>) -> Lowered<Function> {
        let mut b = Builder::new(name, Ty::Any, m.span(defined_at));
        for (id, name, ty) in captures {
            let v = b.var(*ty, Some(name));
            b.func.env.push(v);
            b.locals.insert(*id, v);
        }
        let mut sorted: Vec<_> = siblings.iter().collect();
        sorted.sort_by_key(|(_, (f, _))| *f);
        for (id, (f, name)) in sorted {
            let v = b.var(Ty::Fun, Some(name));
            b.push(Some(v), InstKind::Sibling(*f), None);
            b.locals.insert(*id, v);
        }
        let result = match &e.kind {
            TExprKind::Fun(pats, body) => {
                b.func.ret = m.view.ty(body.ty);
                let params: Vec<Var> = pats.iter().map(|p| {
                    let ty = m.view.ty(p.ty);
                    b.var(ty, None)
                }).collect();
                b.func.params = params.clone();
                for (v, p) in params.iter().zip(pats) {
                    self.bind_pattern(m, &mut b, *v, p)?;
                }
                self.expr(m, &mut b, body)?
            }
            TExprKind::Function(cases) => {
                let (pty, rty) = match cases.first() {
                    Some(c) => (m.view.ty(c.pat.ty), m.view.ty(c.body.ty)),
                    None => (Ty::Any, Ty::Any),
                };
                b.func.ret = rty;
                let p = b.var(pty, None);
                b.func.params = vec![p];
                self.compile_match(m, &mut b, p, cases, rty, Fail::MatchFailure(e.span))?
            }
            _ => return Err(unsupported("internal: not a function")),
        };
        b.set_term(Terminator::Return(result));
        Ok(b.finish())
    }

    fn local_let(&mut self, m: &mut ModCx, b: &mut Builder, rec: RecFlag, bindings: &[TBinding]) -> Lowered<()> {
        if rec == RecFlag::NonRecursive {
            let mut values = Vec::new();
            for binding in bindings {
                values.push(match (&binding.pat.kind, &binding.expr.kind) {
                    (TPatternKind::Var(..), TExprKind::Fun(..) | TExprKind::Function(_)) => self.closure(m, b, &binding.expr, binding.pat.span)?,
                    _ => self.expr(m, b, &binding.expr)?,
                });
            }
            for (binding, v) in bindings.iter().zip(values) {
                self.bind_pattern(m, b, v, &binding.pat)?;
            }
            return Ok(());
        }
        // `let rec f = fun ... and g = fun ...`: one shared environment for the group.
        let mut group = HashMap::new();
        let mut ids = Vec::new();
        for binding in bindings {
            let TPatternKind::Var(id, name) = &binding.pat.kind else {
                return Err(unsupported("`let rec` binding a pattern"));
            };
            if !matches!(binding.expr.kind, TExprKind::Fun(..) | TExprKind::Function(_)) {
                return Err(unsupported(format!("`let rec {name}` of a value that is not a function")));
            }
            let fname = format!("{}.{name}", b.func.name);
            let fid = self.reserve_function(&fname);
            group.insert(*id, (fid, name.clone()));
            ids.push((*id, fid, fname));
        }
        let exprs: Vec<&TExpr> = bindings.iter().map(|bd| &bd.expr).collect();
        let names: Vec<LocalId> = ids.iter().map(|(id, _, _)| *id).collect();
        let captures = self.captures(b, &exprs, &names)?;
        for (binding, (_, fid, fname)) in bindings.iter().zip(&ids) {
            let f = self.lambda_function(m, fname.clone(), &binding.expr, binding.pat.span, &captures, &group)?;
            self.set_function(*fid, f);
        }
        let vs: Vec<Var> = captures.iter().map(|(id, _, _)| b.locals[id]).collect();
        for (id, fid, _) in ids {
            let name = group[&id].1.clone();
            let v = b.var(Ty::Fun, Some(&name));
            b.push(Some(v), InstKind::Closure(fid, vs.clone()), None);
            b.locals.insert(id, v);
        }
        Ok(())
    }

    fn try_with(&mut self, m: &mut ModCx, b: &mut Builder, body: &TExpr, cases: &[TCase], ty: Ty) -> Lowered<Var> {
        let captures = self.captures(b, &[body], &[])?;
        let name = self.fresh_name(&b.func.name);
        let mut fb = Builder::new(name, m.view.ty(body.ty), m.span(body.span));
        for (id, n, t) in &captures {
            let v = fb.var(*t, Some(n));
            fb.func.env.push(v);
            fb.locals.insert(*id, v);
        }
        let unit = fb.var(Ty::Unit, None);
        fb.func.params = vec![unit];
        let r = self.expr(m, &mut fb, body)?;
        fb.set_term(Terminator::Return(r));
        let fid = self.add_function(fb.finish());
        let vs = captures.iter().map(|(id, _, _)| b.locals[id]).collect();
        let c = b.emit(Ty::Fun, InstKind::Closure(fid, vs), m.span(body.span));
        let (normal, result) = b.block(&[ty]);
        let (handler, exn) = b.block(&[Ty::Exn]);
        b.set_term(Terminator::TryCall { body: c, normal, handler });
        b.switch_to(handler);
        let (join, params) = b.block(&[ty]);
        let v = self.compile_match(m, b, exn[0], cases, ty, Fail::Reraise(exn[0]))?;
        b.set_term(Terminator::Jump(Target { block: join, args: vec![v] }));
        b.switch_to(normal);
        b.jump_to(join, vec![result[0]]);
        Ok(params[0])
    }

    #[allow(clippy::too_many_arguments)]
    fn for_loop(&mut self, m: &mut ModCx, b: &mut Builder, id: LocalId, from: &TExpr, dir: Direction, to: &TExpr, body: &TExpr) -> Lowered<Var> {
        let start = self.expr(m, b, from)?;
        let end = self.expr(m, b, to)?;
        let (head, iv) = b.block(&[Ty::Int]);
        let (inner, _) = b.block(&[]);
        let (exit, _) = b.block(&[]);
        b.jump_to(head, vec![start]);
        let i = iv[0];
        b.func.vars[i.0 as usize].name = Some("i".into());
        let (cmp, step) = match dir {
            Direction::Up => (Prim::Le, Prim::Succ),
            Direction::Down => (Prim::Ge, Prim::Pred),
        };
        let go = b.emit(Ty::Bool, InstKind::Prim(cmp, vec![i, end]), None);
        b.set_term(Terminator::Branch(go, Target { block: inner, args: vec![] }, Target { block: exit, args: vec![] }));
        b.switch_to(inner);
        b.locals.insert(id, i);
        self.expr(m, b, body)?;
        // Stop before stepping past the bound (so `to max_int` terminates, as in OCaml).
        let last = b.emit(Ty::Bool, InstKind::Prim(Prim::Eq, vec![i, end]), None);
        let (again, _) = b.block(&[]);
        b.set_term(Terminator::Branch(last, Target { block: exit, args: vec![] }, Target { block: again, args: vec![] }));
        b.switch_to(again);
        let next = b.emit(Ty::Int, InstKind::Prim(step, vec![i]), None);
        b.set_term(Terminator::Jump(Target { block: head, args: vec![next] }));
        b.switch_to(exit);
        Ok(b.emit(Ty::Unit, InstKind::Const(Const::Unit), None))
    }

    fn assert(&mut self, m: &mut ModCx, b: &mut Builder, e: &TExpr, c: &TExpr) -> Lowered<Var> {
        let (file, line, col) = m.position(e.span);
        let span = m.span(e.span);
        let raise = |b: &mut Builder| {
            let f = b.emit(Ty::Str, InstKind::Const(Const::Str(file.clone().into_bytes())), None);
            let l = b.emit(Ty::Int, InstKind::Const(Const::Int(line)), None);
            let k = b.emit(Ty::Int, InstKind::Const(Const::Int(col)), None);
            b.emit(Ty::Any, InstKind::Prim(Prim::AssertFailure, vec![f, l, k]), span);
            b.terminate(Terminator::Unreachable);
        };
        let is_false = matches!(&c.kind, TExprKind::Construct(ConstrRef::Variant { decl, tag }, _) if m.view.ctor(*decl, *tag) == CtorRepr::Bool(false));
        if is_false {
            raise(b);
            return Ok(b.emit(Ty::Any, InstKind::Const(Const::Unit), None));
        }
        let cv = self.expr(m, b, c)?;
        let (bad, _) = b.block(&[]);
        let (ok, _) = b.block(&[]);
        b.set_term(Terminator::Branch(cv, Target { block: ok, args: vec![] }, Target { block: bad, args: vec![] }));
        b.switch_to(bad);
        raise(b);
        b.switch_to(ok);
        Ok(b.emit(Ty::Unit, InstKind::Const(Const::Unit), None))
    }
}

/// The span of application `e` of `f` to `args`: its head and arguments, without the
/// attributes written after it (`[@protocol p]`, an `[@invariant ...]` on the next line).
fn application_span(e: &TExpr, f: &TExpr, args: &[TExpr]) -> Span {
    match args.last() {
        Some(last) if !e.attrs.is_empty() => f.span.to(last.span),
        _ => e.span,
    }
}

fn constant(c: &Constant) -> Const {
    match c {
        Constant::Int(n) => Const::Int(*n),
        Constant::Char(ch) => Const::Char(*ch),
        Constant::String(s) => Const::Str(s.clone()),
        Constant::Float(x) => Const::Float(*x),
    }
}

/// How many arguments a literal format takes.
pub fn conversions(pieces: &[FormatPiece]) -> usize {
    pieces.iter().filter(|p| matches!(p, FormatPiece::Conversion { .. })).count()
}

/// The type of a conversion's argument.
pub fn conversion_ty(conv: char) -> Ty {
    match conv {
        'd' | 'i' | 'x' | 'X' | 'o' | 'u' => Ty::Int,
        's' => Ty::Str,
        'c' => Ty::Char,
        'b' | 'B' => Ty::Bool,
        'f' | 'F' | 'g' | 'G' | 'e' | 'E' => Ty::Float,
        _ => Ty::Any,
    }
}
