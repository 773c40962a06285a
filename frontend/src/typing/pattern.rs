//! Typing of patterns: each pattern is checked against an expected type, binding its
//! variables (reported twice in one pattern as E0207, differing across `|` as E0308).

use super::checker::Checker;
use super::decls::{DeclKind, Decls};
use super::env::{ValueEntry, ValueType};
use super::types::{Desc, TypeId};
use crate::ast::{Constant, Ident, Path, Pattern, PatternKind};
use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::Diagnostic;
use anerisc_diag::span::Span;
use crate::typed::{ConstrRef, LocalId, TPattern, TPatternKind, ValueRef};
use std::collections::HashMap;

/// A variable a pattern binds.
#[derive(Debug, Clone)]
pub struct Bound {
    /// Its name and where it is written.
    pub ident: Ident,
    /// Its local id.
    pub id: LocalId,
    /// Its type.
    pub ty: TypeId,
}

/// Variables bound so far by one pattern (or by the patterns of one `let ... and ...`).
#[derive(Debug, Default)]
pub struct Binder {
    /// In order of binding.
    pub vars: Vec<Bound>,
    /// While typing the right side of an or-pattern: the left side's variables.
    pub or_left: Option<HashMap<String, (LocalId, TypeId)>>,
    /// Whether unused variables are worth a warning (`let`-bound ones).
    pub warn_unused: bool,
}

impl Checker<'_> {
    /// The constructor's argument and result types, freshly instantiated; the name to show.
    pub fn constr_instance(&mut self, c: ConstrRef) -> (Vec<TypeId>, TypeId) {
        match c {
            ConstrRef::Variant { decl, tag } => {
                let decls = self.decls();
                let d = decls.decl(decl);
                let nparams = d.params.len();
                let DeclKind::Variant(constrs) = &d.kind else { return (Vec::new(), self.store.var()) };
                let args = constrs[tag as usize].args.clone();
                let mut vars = Vec::new();
                let params: Vec<TypeId> = (0..nparams).map(|_| self.store.var()).collect();
                vars.extend(params.iter().map(|p| Some(*p)));
                let targs = args.iter().map(|a| self.store.build(a, &mut vars)).collect();
                let res = self.con(decl, params);
                (targs, res)
            }
            ConstrRef::Exception(e) => {
                let decls = self.decls();
                let args = decls.exception(e).1.args.clone();
                let mut vars = Vec::new();
                let targs = args.iter().map(|a| self.store.build(a, &mut vars)).collect();
                let exn = self.builtins.exn;
                (targs, self.con(exn, vec![]))
            }
        }
    }

    /// The name of a constructor for messages.
    pub fn constr_name(&self, c: ConstrRef) -> String {
        let decls = self.decls();
        match c {
            ConstrRef::Variant { decl, tag } => match &decls.decl(decl).kind {
                DeclKind::Variant(cs) => cs[tag as usize].name.clone(),
                _ => String::new(),
            },
            ConstrRef::Exception(e) => decls.exception(e).1.name.clone(),
        }
    }

    /// Reports E0302 for a constructor given the wrong number of arguments.
    pub fn constr_arity_error(&mut self, path: &Path, expected: usize, given: usize, span: Span) {
        self.error(
            Diagnostic::new(
                Code::ConstructorArity,
                format!(
                    "the constructor `{}` expects {expected} argument(s), but is applied here to {given} argument(s)",
                    path.name.name
                ),
                span,
            )
            .with_label(format!("{given} argument(s) given")),
        );
    }

    /// The type of a literal.
    pub fn constant_type(&mut self, c: &Constant) -> TypeId {
        let d = match c {
            Constant::Int(_) => self.builtins.int,
            Constant::Char(_) => self.builtins.char,
            Constant::String(_) => self.builtins.string,
            Constant::Float(_) => self.builtins.float,
        };
        self.con(d, vec![])
    }

    fn pattern_mismatch(&mut self, actual: TypeId, expected: TypeId, span: Span) {
        if self.try_unify(actual, expected).is_err() {
            let (a, b) = self.show_pair(actual, expected);
            self.error(
                Diagnostic::new(
                    Code::TypeMismatch,
                    format!("this pattern matches values of type {a} but a pattern was expected which matches values of type {b}"),
                    span,
                )
                .with_label(format!("this pattern has type {a}")),
            );
        }
    }

    fn bind_var(&mut self, ident: &Ident, expected: TypeId, binder: &mut Binder) -> LocalId {
        if binder.vars.iter().any(|b| b.ident.name == ident.name) {
            self.error(
                Diagnostic::new(Code::DuplicateBinding, format!("the variable `{}` is bound several times in this matching", ident.name), ident.span)
                    .with_label("bound again here")
                    .with_secondary(
                        binder.vars.iter().find(|b| b.ident.name == ident.name).map(|b| b.ident.span).unwrap_or(ident.span),
                        "first bound here",
                    ),
            );
        }
        if let Some(left) = &binder.or_left {
            return match left.get(&ident.name).copied() {
                Some((id, ty)) => {
                    self.pattern_mismatch(expected, ty, ident.span);
                    binder.vars.push(Bound { ident: ident.clone(), id, ty });
                    id
                }
                None => {
                    self.error(
                        Diagnostic::new(
                            Code::OrPatternVariables,
                            format!("the variable `{}` on the right of this `|` pattern is not bound on the left", ident.name),
                            ident.span,
                        )
                        .with_label("only bound on this side"),
                    );
                    let id = self.new_local(ident, false);
                    binder.vars.push(Bound { ident: ident.clone(), id, ty: expected });
                    id
                }
            };
        }
        let id = self.new_local(ident, binder.warn_unused);
        binder.vars.push(Bound { ident: ident.clone(), id, ty: expected });
        id
    }

    /// Types a pattern against `expected`, adding its variables to `binder`.
    pub fn type_pattern(&mut self, p: &Pattern, expected: TypeId, binder: &mut Binder) -> TPattern {
        let kind = match &p.kind {
            PatternKind::Any => TPatternKind::Any,
            PatternKind::Var(x) => {
                let id = self.bind_var(x, expected, binder);
                TPatternKind::Var(id, x.name.clone())
            }
            PatternKind::Const(c) => {
                let t = self.constant_type(c);
                self.pattern_mismatch(t, expected, p.span);
                TPatternKind::Const(c.clone())
            }
            PatternKind::Tuple(items) => {
                let vars: Vec<TypeId> = items.iter().map(|_| self.store.var()).collect();
                let t = self.store.add(Desc::Tuple(vars.clone()));
                self.pattern_mismatch(t, expected, p.span);
                TPatternKind::Tuple(items.iter().zip(vars).map(|(i, v)| self.type_pattern(i, v, binder)).collect())
            }
            PatternKind::Construct(path, arg) => return self.type_construct_pattern(p, path, arg.as_deref(), expected, binder),
            PatternKind::Record(fields, _open) => return self.type_record_pattern(p, fields, expected, binder),
            PatternKind::Alias(inner, x) => {
                let inner = self.type_pattern(inner, expected, binder);
                let id = self.bind_var(x, expected, binder);
                TPatternKind::Alias(Box::new(inner), id, x.name.clone())
            }
            PatternKind::Or(a, b) => {
                let start = binder.vars.len();
                let ta = self.type_pattern(a, expected, binder);
                let left: HashMap<String, (LocalId, TypeId)> =
                    binder.vars[start..].iter().map(|b| (b.ident.name.clone(), (b.id, b.ty))).collect();
                let mut right = Binder { vars: Vec::new(), or_left: Some(left.clone()), warn_unused: binder.warn_unused };
                let tb = self.type_pattern(b, expected, &mut right);
                for (name, _) in left.iter() {
                    if !right.vars.iter().any(|v| &v.ident.name == name) {
                        self.error(
                            Diagnostic::new(
                                Code::OrPatternVariables,
                                format!("the variable `{name}` on the left of this `|` pattern is not bound on the right"),
                                b.span,
                            )
                            .with_label(format!("`{name}` is missing here")),
                        );
                    }
                }
                for v in right.vars {
                    if !left.contains_key(&v.ident.name) {
                        binder.vars.push(v);
                    }
                }
                TPatternKind::Or(Box::new(ta), Box::new(tb))
            }
            PatternKind::Constraint(inner, t) => {
                let ty = self.annotation(t);
                self.pattern_mismatch(ty, expected, p.span);
                return self.type_pattern(inner, ty, binder);
            }
        };
        TPattern { kind, ty: expected, span: p.span }
    }

    fn type_construct_pattern(&mut self, p: &Pattern, path: &Path, arg: Option<&Pattern>, expected: TypeId, binder: &mut Binder) -> TPattern {
        let any = |this: &mut Self, binder: &mut Binder| {
            if let Some(a) = arg {
                let v = this.store.var();
                this.type_pattern(a, v, binder);
            }
            TPattern { kind: TPatternKind::Any, ty: expected, span: p.span }
        };
        let Some(c) = self.lookup_constr(path, Some(expected)) else { return any(self, binder) };
        let (args, res) = self.constr_instance(c);
        self.pattern_mismatch(res, expected, p.span);
        let sub: Vec<TPattern> = match (args.len(), arg) {
            (0, None) => Vec::new(),
            (1, Some(a)) => vec![self.type_pattern(a, args[0], binder)],
            (n, Some(a)) if n > 1 => match &a.kind {
                PatternKind::Tuple(items) if items.len() == n => {
                    items.iter().zip(&args).map(|(i, t)| self.type_pattern(i, *t, binder)).collect()
                }
                PatternKind::Any => args.iter().map(|t| TPattern { kind: TPatternKind::Any, ty: *t, span: a.span }).collect(),
                PatternKind::Tuple(items) => {
                    self.constr_arity_error(path, n, items.len(), p.span);
                    return any(self, binder);
                }
                _ => {
                    self.constr_arity_error(path, n, 1, p.span);
                    return any(self, binder);
                }
            },
            (n, a) => {
                let given = match a {
                    None => 0,
                    Some(Pattern { kind: PatternKind::Tuple(items), .. }) => items.len(),
                    Some(_) => 1,
                };
                self.constr_arity_error(path, n, given, p.span);
                return any(self, binder);
            }
        };
        TPattern { kind: TPatternKind::Construct(c, sub), ty: expected, span: p.span }
    }

    fn type_record_pattern(&mut self, p: &Pattern, fields: &[(Path, Pattern)], expected: TypeId, binder: &mut Binder) -> TPattern {
        let Some((first, _)) = fields.first() else {
            return TPattern { kind: TPatternKind::Any, ty: expected, span: p.span };
        };
        let labels: Vec<&Path> = fields.iter().map(|(p, _)| p).collect();
        let Some(f0) = self.record_of_labels(&labels, Some(expected)) else {
            return TPattern { kind: TPatternKind::Any, ty: expected, span: p.span };
        };
        let (params, field_types) = self.record_instance(f0.decl);
        let rec_ty = self.con(f0.decl, params);
        self.pattern_mismatch(rec_ty, expected, p.span);
        let mut out = Vec::new();
        for (path, fp) in fields {
            let Some(f) = self.lookup_field(path, Some(rec_ty)) else { continue };
            if f.decl != f0.decl {
                self.error(
                    Diagnostic::new(Code::RecordFields, format!("the field `{}` does not belong to the same record type as `{}`", path.name.name, first.name.name), path.span)
                        .with_label("from another record type"),
                );
                continue;
            }
            let t = self.type_pattern(fp, field_types[f.index as usize], binder);
            out.push((f, t));
        }
        TPattern { kind: TPatternKind::Record(f0.decl, out), ty: expected, span: p.span }
    }

    /// Fresh parameters of a record type and its fields' types in terms of them.
    pub fn record_instance(&mut self, decl: super::decls::DeclId) -> (Vec<TypeId>, Vec<TypeId>) {
        let decls = self.decls();
        let d = decls.decl(decl);
        let n = d.params.len();
        let fields: Vec<_> = match &d.kind {
            DeclKind::Record(fs) => fs.iter().map(|f| f.ty.clone()).collect(),
            _ => Vec::new(),
        };
        let params: Vec<TypeId> = (0..n).map(|_| self.store.var()).collect();
        let mut vars: Vec<Option<TypeId>> = params.iter().map(|p| Some(*p)).collect();
        let types = fields.iter().map(|f| self.store.build(f, &mut vars)).collect();
        (params, types)
    }

    /// Brings the variables of a pattern into scope as locals.
    pub fn add_locals(&mut self, binder: &Binder) {
        for b in &binder.vars {
            self.env.values.insert(
                b.ident.name.clone(),
                ValueEntry { target: ValueRef::Local(b.id, b.ident.name.clone()), ty: ValueType::Node(b.ty) },
            );
        }
    }
}
