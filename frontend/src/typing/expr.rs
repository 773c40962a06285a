//! Typing of expressions, in the order OCaml types them (an expected type is pushed into
//! functions, constructors, tuples and branches), so that the types printed afterwards are
//! the ones `ocamlc -i` prints.

use super::checker::{Checker, Reason};
use super::decls::{DeclKind, Decls};
use super::pattern::Binder;
use super::types::{Desc, TypeId};
use crate::ast::{Binding, Case, Constant, Expr, ExprKind, Path, PatternKind, RecFlag};
use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::Diagnostic;
use anerisc_diag::span::Span;
use crate::typed::{TBinding, TCase, TExpr, TExprKind, ValueRef};

/// What a `let` brought into scope, for the caller to add (non-recursive lets) or to export.
pub struct LetResult {
    /// The typed bindings.
    pub bindings: Vec<TBinding>,
    /// The variables bound, with their (generalised) types.
    pub binder: Binder,
}

impl Checker<'_> {
    /// Types `e` with no expectation.
    pub fn infer(&mut self, e: &Expr) -> TExpr {
        let v = self.store.var();
        self.type_expect(e, v, None)
    }

    fn done(&mut self, kind: TExprKind, actual: TypeId, e: &Expr, expected: TypeId, reason: Option<&Reason>) -> TExpr {
        self.expect(actual, expected, e.span, reason);
        TExpr { kind, ty: actual, span: e.span, attrs: e.attrs.clone() }
    }

    fn node(&self, kind: TExprKind, ty: TypeId, e: &Expr) -> TExpr {
        TExpr { kind, ty, span: e.span, attrs: e.attrs.clone() }
    }

    /// Types `e` against `expected`; `reason` says where the expectation comes from.
    pub fn type_expect(&mut self, e: &Expr, expected: TypeId, reason: Option<&Reason>) -> TExpr {
        match &e.kind {
            ExprKind::Var(path) => {
                if let Some(kind) = printf_kind(path) {
                    self.error(
                        Diagnostic::new(Code::BadFormat, format!("not supported yet: `Printf.{}` must be applied to a literal format string", path.name.name), e.span)
                            .with_label("no format string here"),
                    );
                    let _ = kind;
                    let v = self.store.var();
                    return self.node(TExprKind::Tuple(Vec::new()), v, e);
                }
                match self.lookup_value(path) {
                    Some(entry) => {
                        if let ValueRef::Local(id, _) = &entry.target {
                            self.locals[id.0 as usize].used = true;
                        }
                        let t = self.instantiate(&entry.ty);
                        self.done(TExprKind::Var(entry.target), t, e, expected, reason)
                    }
                    None => self.node(TExprKind::Tuple(Vec::new()), expected, e),
                }
            }
            ExprKind::Const(c) => {
                let t = self.constant_type(c);
                self.done(TExprKind::Const(c.clone()), t, e, expected, reason)
            }
            ExprKind::Construct(path, arg) => self.type_construct(e, path, arg.as_deref(), expected, reason),
            ExprKind::Tuple(items) => {
                let vars: Vec<TypeId> = items.iter().map(|_| self.store.var()).collect();
                let t = self.store.add(Desc::Tuple(vars.clone()));
                self.expect(t, expected, e.span, reason);
                let items = items.iter().zip(vars).map(|(i, v)| self.type_expect(i, v, None)).collect();
                self.node(TExprKind::Tuple(items), t, e)
            }
            ExprKind::Apply(f, args) => self.type_apply(e, f, args, expected, reason),
            ExprKind::Fun(pats, body) => self.type_fun(e, pats, body, expected, reason),
            ExprKind::Function(cases) => {
                let (arg, res) = self.split_arrow(e, expected, reason);
                let cases = self.type_cases(cases, arg, res, e.span, true, None);
                let t = self.arrow(arg, res);
                self.node(TExprKind::Function(cases), t, e)
            }
            ExprKind::Let(rec, bindings, body) => {
                let mark = self.env.mark();
                let r = self.type_let(*rec, bindings, false);
                self.add_locals(&r.binder);
                let body = self.type_expect(body, expected, reason);
                self.env.rollback(mark);
                let t = body.ty;
                self.node(TExprKind::Let(*rec, r.bindings, Box::new(body)), t, e)
            }
            ExprKind::LetOpen(path, body) => {
                let mark = self.env.mark();
                if let Some(m) = path.modules.last().or(Some(&path.name)) {
                    let m = if path.modules.is_empty() { &path.name } else { m };
                    if let Some(sig) = self.module_sig(m) {
                        self.env.open(&m.name, &sig);
                    }
                }
                let mut body = self.type_expect(body, expected, reason);
                self.env.rollback(mark);
                body.attrs.extend(e.attrs.iter().cloned());
                body
            }
            ExprKind::Match(scrutinee, cases) => {
                let s = self.infer(scrutinee);
                let cases = self.type_cases(cases, s.ty, expected, e.span, true, reason);
                self.node(TExprKind::Match(Box::new(s), cases), expected, e)
            }
            ExprKind::Try(body, cases) => {
                let body = self.type_expect(body, expected, reason);
                let exn = self.con(self.builtins.exn, vec![]);
                let cases = self.type_cases(cases, exn, expected, e.span, false, reason);
                self.node(TExprKind::Try(Box::new(body), cases), expected, e)
            }
            ExprKind::If(c, a, b) => {
                let bool_t = self.bool();
                let c = self.type_expect(c, bool_t, Some(&Reason::new(e.span, "the condition of an `if` is a bool")));
                match b {
                    None => {
                        let unit = self.unit();
                        let a = self.type_expect(a, unit, Some(&Reason::new(e.span, "an `if` without `else` must have type unit")));
                        self.done(TExprKind::If(Box::new(c), Box::new(a), None), unit, e, expected, reason)
                    }
                    Some(b) => {
                        let a = self.type_expect(a, expected, reason);
                        let why = reason.cloned().unwrap_or_else(|| Reason::new(a.span, format!("the `then` branch has type {}", self.show(a.ty))));
                        let b = self.type_expect(b, expected, Some(&why));
                        self.node(TExprKind::If(Box::new(c), Box::new(a), Some(Box::new(b))), expected, e)
                    }
                }
            }
            ExprKind::Sequence(a, b) => {
                let a = self.infer(a);
                let b = self.type_expect(b, expected, reason);
                let t = b.ty;
                self.node(TExprKind::Sequence(Box::new(a), Box::new(b)), t, e)
            }
            ExprKind::While(c, body) => {
                let bool_t = self.bool();
                let c = self.type_expect(c, bool_t, Some(&Reason::new(e.span, "the condition of a `while` is a bool")));
                let body = self.infer(body);
                let unit = self.unit();
                self.done(TExprKind::While(Box::new(c), Box::new(body)), unit, e, expected, reason)
            }
            ExprKind::For(i, lo, dir, hi, body) => {
                let int = self.int();
                let why = Reason::new(i.span, "a `for` loop counts with ints");
                let lo = self.type_expect(lo, int, Some(&why));
                let hi = self.type_expect(hi, int, Some(&why));
                let mark = self.env.mark();
                let mut binder = Binder::default();
                let pat = crate::ast::Pattern { kind: PatternKind::Var(i.clone()), span: i.span };
                self.type_pattern(&pat, int, &mut binder);
                self.add_locals(&binder);
                let body = self.infer(body);
                self.env.rollback(mark);
                let id = binder.vars[0].id;
                let unit = self.unit();
                self.done(TExprKind::For(id, Box::new(lo), *dir, Box::new(hi), Box::new(body)), unit, e, expected, reason)
            }
            ExprKind::Record(fields, base) => self.type_record(e, fields, base.as_deref(), expected, reason),
            ExprKind::Field(r, path) => {
                let r = self.infer(r);
                let Some(f) = self.lookup_field(path, Some(r.ty)) else { return self.node(TExprKind::Tuple(Vec::new()), expected, e) };
                let (params, fields) = self.record_instance(f.decl);
                let rec_ty = self.con(f.decl, params);
                self.expect(r.ty, rec_ty, r.span, Some(&Reason::new(path.span, format!("the field `{}` belongs to type {}", path.name.name, self.show(rec_ty)))));
                let t = fields[f.index as usize];
                self.done(TExprKind::Field(Box::new(r), f), t, e, expected, reason)
            }
            ExprKind::ArrayGet(a, i) => {
                let elem = self.store.var();
                let arr = self.con(self.builtins.array, vec![elem]);
                let a = self.type_expect(a, arr, Some(&Reason::new(e.span, "`.( )` indexes an array")));
                let int = self.int();
                let i = self.type_expect(i, int, Some(&Reason::new(e.span, "array indices are ints")));
                self.done(TExprKind::ArrayGet(Box::new(a), Box::new(i)), elem, e, expected, reason)
            }
            ExprKind::Constraint(inner, t) => {
                let ty = self.annotation(t);
                let inner = self.type_expect(inner, ty, Some(&Reason::new(t.span, "the type annotation")));
                self.expect(ty, expected, e.span, reason);
                let mut attrs = inner.attrs;
                attrs.extend(e.attrs.iter().cloned());
                TExpr { ty, attrs, ..inner }
            }
            ExprKind::Assert(c) => {
                let bool_t = self.bool();
                let is_false = matches!(&c.kind, ExprKind::Construct(p, None) if p.name.name == "false" && p.modules.is_empty());
                let c = self.type_expect(c, bool_t, Some(&Reason::new(e.span, "`assert` takes a bool")));
                let t = if is_false { self.store.var() } else { self.unit() };
                self.done(TExprKind::Assert(Box::new(c)), t, e, expected, reason)
            }
        }
    }

    fn type_construct(&mut self, e: &Expr, path: &Path, arg: Option<&Expr>, expected: TypeId, reason: Option<&Reason>) -> TExpr {
        let Some(c) = self.lookup_constr(path, Some(expected)) else {
            if let Some(a) = arg {
                self.infer(a);
            }
            return self.node(TExprKind::Tuple(Vec::new()), expected, e);
        };
        let (args, res) = self.constr_instance(c);
        self.expect(res, expected, e.span, reason);
        let why = Reason::new(path.span, format!("the constructor `{}` takes this argument type", path.name.name));
        let targs = match (args.len(), arg) {
            (0, None) => Vec::new(),
            (1, Some(a)) => vec![self.type_expect(a, args[0], Some(&why))],
            (n, Some(a)) if n > 1 => match &a.kind {
                ExprKind::Tuple(items) if items.len() == n => {
                    items.iter().zip(&args).map(|(i, t)| self.type_expect(i, *t, Some(&why))).collect()
                }
                ExprKind::Tuple(items) => {
                    self.constr_arity_error(path, n, items.len(), e.span);
                    Vec::new()
                }
                _ => {
                    self.constr_arity_error(path, n, 1, e.span);
                    self.infer(a);
                    Vec::new()
                }
            },
            (n, a) => {
                let given = match a {
                    None => 0,
                    Some(Expr { kind: ExprKind::Tuple(items), .. }) => items.len(),
                    Some(_) => 1,
                };
                self.constr_arity_error(path, n, given, e.span);
                if let Some(a) = a {
                    self.infer(a);
                }
                Vec::new()
            }
        };
        self.node(TExprKind::Construct(c, targs), res, e)
    }

    /// The argument and result types of a function expected to have type `expected`.
    fn split_arrow(&mut self, e: &Expr, expected: TypeId, reason: Option<&Reason>) -> (TypeId, TypeId) {
        let decls = super::decls::Scoped { shared: self.shared, own: &self.own };
        let t = self.store.expand_head(&decls, expected);
        match self.store.desc(t).clone() {
            Desc::Arrow(a, r) => (a, r),
            Desc::Var(_) => {
                let a = self.store.var();
                let r = self.store.var();
                let f = self.arrow(a, r);
                self.try_unify(t, f).ok();
                (a, r)
            }
            _ => {
                let shown = self.show(expected);
                let mut d = Diagnostic::new(
                    Code::TypeMismatch,
                    format!("this expression is a function but an expression was expected of type {shown}"),
                    e.span,
                )
                .with_label("this is a function");
                if let Some(r) = reason {
                    d = d.with_secondary(r.span, r.message.clone());
                }
                self.error(d);
                (self.store.var(), self.store.var())
            }
        }
    }

    fn type_fun(&mut self, e: &Expr, pats: &[crate::ast::Pattern], body: &Expr, expected: TypeId, reason: Option<&Reason>) -> TExpr {
        let mark = self.env.mark();
        let mut tpats = Vec::new();
        let mut arrows = Vec::new();
        let mut expected_now = expected;
        for (i, p) in pats.iter().enumerate() {
            let (a, r) = if i == 0 { self.split_arrow(e, expected_now, reason) } else { self.split_arrow(e, expected_now, None) };
            let mut binder = Binder::default();
            let before = self.diagnostics.len();
            let tp = self.type_pattern(p, a, &mut binder);
            if !self.errors_since(before) {
                self.check_pattern_exhaustive(&tp);
            }
            self.add_locals(&binder);
            tpats.push(tp);
            arrows.push(a);
            expected_now = r;
        }
        let tbody = self.type_expect(body, expected_now, None);
        self.env.rollback(mark);
        let mut t = expected_now;
        for a in arrows.into_iter().rev() {
            t = self.arrow(a, t);
        }
        self.node(TExprKind::Fun(tpats, Box::new(tbody)), t, e)
    }

    /// Types the cases of a `match`, `function` or `try`: patterns against `arg`, bodies
    /// against `res`; checks exhaustiveness when `exhaustive` and unused cases always.
    pub fn type_cases(&mut self, cases: &[Case], arg: TypeId, res: TypeId, span: Span, exhaustive: bool, reason: Option<&Reason>) -> Vec<TCase> {
        let mut out = Vec::new();
        let mut first: Option<Reason> = reason.cloned();
        let mut ill_typed_patterns = false;
        for c in cases {
            let mark = self.env.mark();
            let mut binder = Binder::default();
            let before = self.diagnostics.len();
            let pat = self.type_pattern(&c.pat, arg, &mut binder);
            ill_typed_patterns |= self.errors_since(before);
            self.add_locals(&binder);
            let guard = c.guard.as_ref().map(|g| {
                let b = self.bool();
                self.type_expect(g, b, Some(&Reason::new(g.span, "a `when` guard is a bool")))
            });
            let body = self.type_expect(&c.body, res, first.as_ref());
            if first.is_none() {
                first = Some(Reason::new(body.span, format!("the first case has type {}", self.show(body.ty))));
            }
            self.env.rollback(mark);
            out.push(TCase { pat, guard, body });
        }
        // Matching is analysed on well-typed patterns only: the errors already explain the rest.
        if !ill_typed_patterns {
            self.check_cases(&out, arg, span, exhaustive);
        }
        out
    }

    fn type_apply(&mut self, e: &Expr, f: &Expr, args: &[Expr], expected: TypeId, reason: Option<&Reason>) -> TExpr {
        let mut format_span = None;
        let (tf, args) = match (&f.kind, args.first()) {
            (ExprKind::Var(path), Some(Expr { kind: ExprKind::Const(Constant::String(fmt)), span, .. })) if printf_kind(path).is_some() => {
                let kind = printf_kind(path).expect("checked just above");
                let tf = self.type_printf(f, kind, fmt, *span);
                if args.len() == 1 {
                    return self.done(tf.kind, tf.ty, e, expected, reason);
                }
                format_span = Some(*span);
                (tf, &args[1..])
            }
            _ => (self.infer(f), args),
        };
        let decls = super::decls::Scoped { shared: self.shared, own: &self.own };
        let mut ty_fun = tf.ty;
        let mut params = Vec::new();
        let _ = &decls;
        for (i, _) in args.iter().enumerate() {
            let decls = super::decls::Scoped { shared: self.shared, own: &self.own };
            let t = self.store.expand_head(&decls, ty_fun);
            match self.store.desc(t).clone() {
                Desc::Arrow(a, r) => {
                    params.push(a);
                    ty_fun = r;
                }
                Desc::Var(_) => {
                    let a = self.store.var();
                    let r = self.store.var();
                    let arrow = self.arrow(a, r);
                    self.try_unify(t, arrow).ok();
                    params.push(a);
                    ty_fun = r;
                }
                _ => {
                    let shown = self.show(tf.ty);
                    let d = if i == 0 {
                        Diagnostic::new(Code::NotAFunction, format!("this expression has type {shown}; it is not a function, it cannot be applied"), f.span)
                            .with_label("not a function")
                    } else {
                        Diagnostic::new(
                            Code::NotAFunction,
                            format!("this function has type {shown}; it is applied to too many arguments"),
                            f.span,
                        )
                        .with_label(format!("takes {i} argument(s)"))
                        .with_secondary(args[i].span, "this extra argument")
                        .with_help("maybe you forgot a `;` or parentheses")
                    };
                    self.error(d);
                    for a in &args[i..] {
                        self.infer(a);
                    }
                    break;
                }
            }
        }
        let why = Reason::new(f.span, "this function's parameter has that type");
        let targs: Vec<TExpr> = args
            .iter()
            .zip(&params)
            .map(|(a, p)| match format_span {
                Some(fs) => self.type_format_argument(a, *p, fs),
                None => self.type_expect(a, *p, Some(&why)),
            })
            .collect();
        if targs.len() < args.len() {
            let v = self.store.var();
            return self.node(TExprKind::Apply(Box::new(tf), targs), v, e);
        }
        self.done(TExprKind::Apply(Box::new(tf), targs), ty_fun, e, expected, reason)
    }

    fn type_record(&mut self, e: &Expr, fields: &[(Path, Expr)], base: Option<&Expr>, expected: TypeId, reason: Option<&Reason>) -> TExpr {
        let tbase = base.map(|b| self.infer(b));
        let hint = tbase.as_ref().map(|b| b.ty).unwrap_or(expected);
        let Some((first, _)) = fields.first() else { return self.node(TExprKind::Tuple(Vec::new()), expected, e) };
        let labels: Vec<&Path> = fields.iter().map(|(p, _)| p).collect();
        let Some(f0) = self.record_of_labels(&labels, Some(hint)) else {
            for (_, v) in fields {
                self.infer(v);
            }
            return self.node(TExprKind::Tuple(Vec::new()), expected, e);
        };
        let decl = f0.decl;
        let (params, field_types) = self.record_instance(decl);
        let rec_ty = self.con(decl, params.clone());
        self.expect(rec_ty, expected, e.span, reason);
        let nfields = field_types.len();
        let mut values: Vec<Option<TExpr>> = (0..nfields).map(|_| None).collect();
        let mut unknown = false;
        for (path, v) in fields {
            let Some(f) = self.lookup_field(path, Some(rec_ty)) else {
                self.infer(v);
                unknown = true;
                continue;
            };
            if f.decl != decl {
                self.error(
                    Diagnostic::new(Code::RecordFields, format!("the field `{}` does not belong to the record type of `{}`", path.name.name, first.name.name), path.span)
                        .with_label("from another record type"),
                );
                self.infer(v);
                continue;
            }
            if values[f.index as usize].is_some() {
                self.error(
                    Diagnostic::new(Code::RecordFields, format!("the field `{}` is defined several times in this record", path.name.name), path.span)
                        .with_label("given again here"),
                );
                continue;
            }
            let why = Reason::new(path.span, format!("the field `{}` has this type", path.name.name));
            values[f.index as usize] = Some(self.type_expect(v, field_types[f.index as usize], Some(&why)));
        }
        if let Some(b) = &tbase {
            // Parameters that only occur in redefined fields may change type.
            let decls = self.decls();
            let DeclKind::Record(fdecls) = decls.decl(decl).kind.clone() else { unreachable!("a field's type is a record") };
            let base_params: Vec<TypeId> = params
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let kept = fdecls.iter().enumerate().any(|(j, fd)| values[j].is_none() && super::decls::mentions(&fd.ty, i as u32));
                    if kept {
                        *p
                    } else {
                        self.store.var()
                    }
                })
                .collect();
            let base_ty = self.con(decl, base_params);
            self.expect(b.ty, base_ty, b.span, None);
        } else {
            let missing: Vec<String> = {
                let decls = self.decls();
                match &decls.decl(decl).kind {
                    DeclKind::Record(fs) => fs.iter().enumerate().filter(|(i, _)| values[*i].is_none()).map(|(_, f)| f.name.clone()).collect(),
                    _ => Vec::new(),
                }
            };
            if !missing.is_empty() && !unknown {
                let list = missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ");
                self.error(
                    Diagnostic::new(Code::RecordFields, format!("some record fields are undefined: {list}"), e.span)
                        .with_label("this record lacks fields")
                        .with_help(format!("add {list}, or write `{{ r with ... }}` to copy them from another record")),
                );
            }
        }
        self.node(TExprKind::Record(decl, values, tbase.map(Box::new)), rec_ty, e)
    }

    /// Types a `let` group (OCaml's `type_let`): patterns, then expressions one level deeper,
    /// then generalisation with the relaxed value restriction.
    pub fn type_let(&mut self, rec: RecFlag, bindings: &[Binding], toplevel: bool) -> LetResult {
        self.store.level += 1;
        let mut binder = Binder { warn_unused: !toplevel, ..Binder::default() };
        let mut pats = Vec::new();
        let mut well_typed = Vec::new();
        for b in bindings {
            let v = self.store.var();
            let before = self.diagnostics.len();
            pats.push(self.type_pattern(&b.pat, v, &mut binder));
            well_typed.push(!self.errors_since(before));
        }
        let mark = self.env.mark();
        if rec == RecFlag::Recursive {
            self.add_rec_values(&binder, toplevel);
        }
        let mut exprs = Vec::new();
        for (b, p) in bindings.iter().zip(&pats) {
            let why = match &b.pat.kind {
                PatternKind::Constraint(_, t) => Some(Reason::new(t.span, "the type annotation")),
                _ => None,
            };
            exprs.push(self.type_expect(&b.expr, p.ty, why.as_ref()));
        }
        if rec == RecFlag::Recursive {
            self.env.rollback(mark);
        }
        self.store.level -= 1;
        let decls = super::decls::Scoped { shared: self.shared, own: &self.own };
        for (b, p) in bindings.iter().zip(&pats) {
            if !nonexpansive(&b.expr) {
                self.store.restrict_expansive(&decls, p.ty);
            }
        }
        for p in &pats {
            self.store.generalize(p.ty);
        }
        for b in &binder.vars {
            self.store.generalize(b.ty);
        }
        for (p, _) in pats.iter().zip(&well_typed).filter(|(_, ok)| **ok) {
            self.check_pattern_exhaustive(p);
        }
        let out = bindings
            .iter()
            .zip(pats)
            .zip(exprs)
            .map(|((b, pat), expr)| TBinding { pat, expr, span: b.span, attrs: b.attrs.clone() })
            .collect();
        LetResult { bindings: out, binder }
    }

    fn add_rec_values(&mut self, binder: &Binder, toplevel: bool) {
        if toplevel {
            for b in &binder.vars {
                self.env.values.insert(
                    b.ident.name.clone(),
                    super::env::ValueEntry {
                        target: ValueRef::Global { module: self.module.clone(), name: b.ident.name.clone() },
                        ty: super::env::ValueType::Node(b.ty),
                    },
                );
            }
        } else {
            self.add_locals(binder);
        }
    }
}

/// The `Printf` function a path names, if it is one the checker types itself.
fn printf_kind(path: &Path) -> Option<crate::typed::PrintfKind> {
    use crate::typed::PrintfKind;
    if path.modules.len() != 1 || path.modules[0].name != "Printf" {
        return None;
    }
    match path.name.name.as_str() {
        "printf" => Some(PrintfKind::Printf),
        "eprintf" => Some(PrintfKind::Eprintf),
        "sprintf" => Some(PrintfKind::Sprintf),
        _ => None,
    }
}

/// OCaml's `is_nonexpansive`: expressions whose value is built without side effects, whose
/// type may be fully generalised.
pub fn nonexpansive(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Var(_) | ExprKind::Const(_) | ExprKind::Fun(..) | ExprKind::Function(_) => true,
        ExprKind::Construct(_, arg) => arg.as_deref().is_none_or(nonexpansive),
        ExprKind::Tuple(items) => items.iter().all(nonexpansive),
        ExprKind::Record(fields, base) => fields.iter().all(|(_, v)| nonexpansive(v)) && base.as_deref().is_none_or(nonexpansive),
        ExprKind::Field(r, _) => nonexpansive(r),
        ExprKind::Let(_, bs, body) => bs.iter().all(|b| nonexpansive(&b.expr)) && nonexpansive(body),
        ExprKind::LetOpen(_, body) | ExprKind::Constraint(body, _) => nonexpansive(body),
        ExprKind::Sequence(_, b) => nonexpansive(b),
        ExprKind::If(_, a, b) => nonexpansive(a) && b.as_deref().is_none_or(nonexpansive),
        ExprKind::Match(s, cases) => {
            nonexpansive(s) && cases.iter().all(|c| c.guard.as_ref().is_none_or(nonexpansive) && nonexpansive(&c.body))
        }
        ExprKind::Assert(c) => matches!(&c.kind, ExprKind::Construct(p, None) if p.name.name == "false"),
        ExprKind::Apply(..) | ExprKind::Try(..) | ExprKind::While(..) | ExprKind::For(..) | ExprKind::ArrayGet(..) => false,
    }
}
