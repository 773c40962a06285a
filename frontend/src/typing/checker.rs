//! The state of checking one module and the helpers every part of the checker uses:
//! unification with diagnostics, name look-ups with "did you mean", type annotations.

use super::decls::{BuiltinIds, DeclId, DeclKind, DeclSet, DeclTable, Decls, Scheme, Scoped};
use super::env::{find_in, Env, ModuleSig, ValueEntry, ValueType};
use super::print::TypePrinter;
use super::types::{Desc, TypeId, TypeStore, UnifyError};
use crate::ast::{Ident, Path, TypeExpr, TypeExprKind};
use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::Diagnostic;
use crate::names::suggest;
use anerisc_diag::span::Span;
use crate::typed::{ConstrRef, FieldRef, LocalId};
use std::collections::HashMap;
use std::sync::Arc;

/// A local variable's bookkeeping for the unused-variable warning.
#[derive(Debug, Clone)]
pub struct LocalInfo {
    /// Its name.
    pub name: String,
    /// Where it is bound.
    pub span: Span,
    /// Whether anything refers to it.
    pub used: bool,
    /// Whether an unused binding is worth a warning (a `let`-bound name not starting with `_`).
    pub warn: bool,
}

/// The kinds of names looked up.
#[derive(Debug, Clone, Copy)]
enum Namespace {
    Value,
    Constructor,
    Field,
    Type,
}

/// Why an expected type is expected: shown as a secondary label.
#[derive(Debug, Clone)]
pub struct Reason {
    /// The span that forced the type.
    pub span: Span,
    /// What to say there.
    pub message: String,
}

impl Reason {
    /// A reason with a message.
    pub fn new(span: Span, message: impl Into<String>) -> Reason {
        Reason { span, message: message.into() }
    }
}

/// The checker of one module.
pub struct Checker<'a> {
    /// Type nodes.
    pub store: TypeStore,
    /// Declarations of the library and earlier modules.
    pub shared: &'a DeclSet,
    /// Declarations of this module.
    pub own: DeclTable,
    /// The built-in types.
    pub builtins: BuiltinIds,
    /// What is in scope.
    pub env: Env,
    /// The module's name.
    pub module: String,
    /// Qualifier of the types this module declares in printed types (`None` for the module
    /// being checked, `Some("Ast")` when loading the library).
    pub qualifier: Option<String>,
    /// Problems found so far.
    pub diagnostics: Vec<Diagnostic>,
    /// Every local variable.
    pub locals: Vec<LocalInfo>,
    /// Type variables of annotations in the current top-level item.
    pub type_vars: HashMap<String, TypeId>,
}

impl<'a> Checker<'a> {
    /// A checker with an empty environment.
    pub fn new(shared: &'a DeclSet, builtins: BuiltinIds, module: &str, qualifier: Option<String>) -> Checker<'a> {
        Checker {
            store: TypeStore::new(),
            shared,
            own: DeclTable::fresh(),
            builtins,
            env: Env::default(),
            module: module.to_string(),
            qualifier,
            diagnostics: Vec::new(),
            locals: Vec::new(),
            type_vars: HashMap::new(),
        }
    }

    /// The declarations visible to this module.
    pub fn decls(&self) -> Scoped<'_> {
        Scoped { shared: self.shared, own: &self.own }
    }

    /// A constant type (`int`, `string`, ...).
    pub fn con(&mut self, decl: DeclId, args: Vec<TypeId>) -> TypeId {
        self.store.add(Desc::Con(decl, args))
    }

    /// `int`
    pub fn int(&mut self) -> TypeId {
        self.con(self.builtins.int, vec![])
    }

    /// `bool`
    pub fn bool(&mut self) -> TypeId {
        self.con(self.builtins.bool, vec![])
    }

    /// `unit`
    pub fn unit(&mut self) -> TypeId {
        self.con(self.builtins.unit, vec![])
    }

    /// `string`
    pub fn string(&mut self) -> TypeId {
        self.con(self.builtins.string, vec![])
    }

    /// `a -> b`
    pub fn arrow(&mut self, a: TypeId, b: TypeId) -> TypeId {
        self.store.add(Desc::Arrow(a, b))
    }

    /// Prints two types with shared variable names, for a message.
    pub fn show_pair(&self, a: TypeId, b: TypeId) -> (String, String) {
        let decls = self.decls();
        let mut p = TypePrinter::new(&self.store, &decls, &self.module);
        let sa = p.type_to_string(a);
        let sb = p.type_to_string(b);
        (sa, sb)
    }

    /// Prints a type for a message.
    pub fn show(&self, t: TypeId) -> String {
        let decls = self.decls();
        TypePrinter::new(&self.store, &decls, &self.module).type_to_string(t)
    }

    /// Unifies without reporting.
    pub fn try_unify(&mut self, actual: TypeId, expected: TypeId) -> Result<(), UnifyError> {
        let decls = Scoped { shared: self.shared, own: &self.own };
        self.store.unify(&decls, actual, expected)
    }

    /// Unifies the type of the expression at `span` with the expected type, reporting E0301
    /// (or E0304) with the reason for the expectation.
    pub fn expect(&mut self, actual: TypeId, expected: TypeId, span: Span, reason: Option<&Reason>) -> bool {
        match self.try_unify(actual, expected) {
            Ok(()) => true,
            Err(e) => {
                let (a, b) = self.show_pair(actual, expected);
                let d = match e {
                    UnifyError::Clash => Diagnostic::new(
                        Code::TypeMismatch,
                        format!("this expression has type {a} but an expression was expected of type {b}"),
                        span,
                    )
                    .with_label(format!("this has type {a}")),
                    UnifyError::Occurs => Diagnostic::new(
                        Code::RecursiveType,
                        format!("this expression has type {a} but an expression was expected of type {b}; the type would contain itself"),
                        span,
                    )
                    .with_label("this would need an infinite type"),
                };
                let d = match reason {
                    Some(r) => d.with_secondary(r.span, r.message.clone()),
                    None => d,
                };
                self.diagnostics.push(d);
                false
            }
        }
    }

    /// Records an error.
    pub fn error(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// True when an error was recorded after the first `since` diagnostics.
    pub fn errors_since(&self, since: usize) -> bool {
        self.diagnostics[since..].iter().any(Diagnostic::is_error)
    }

    /// A new local variable.
    pub fn new_local(&mut self, ident: &Ident, warn: bool) -> LocalId {
        self.locals.push(LocalInfo {
            name: ident.name.clone(),
            span: ident.span,
            used: false,
            warn: warn && !ident.name.starts_with('_'),
        });
        LocalId(self.locals.len() as u32 - 1)
    }

    /// The signature of module `m` named in `path`, reporting E0204 when it is unknown.
    pub fn module_sig(&mut self, m: &Ident) -> Option<Arc<ModuleSig>> {
        if let Some(sig) = self.env.modules.get(&m.name) {
            return Some(sig.clone());
        }
        let mut d = Diagnostic::new(Code::UnboundModule, format!("unbound module `{}`", m.name), m.span)
            .with_label("no module of this name");
        if let Some(s) = suggest(&m.name, self.env.modules.keys().map(String::as_str)) {
            d = d.with_help(format!("did you mean `{s}`?"));
        }
        self.error(d);
        None
    }

    /// The signature a qualified path goes through (`Ast` in `Ast.fork`); `None` for a plain
    /// name, `Some(None)` when the module is unknown (already reported).
    fn qualified(&mut self, path: &Path) -> Option<Option<Arc<ModuleSig>>> {
        let m = path.modules.last()?;
        Some(self.module_sig(m))
    }

    /// Looks a value up, reporting E0201.
    pub fn lookup_value(&mut self, path: &Path) -> Option<ValueEntry> {
        let name = &path.name.name;
        let (found, sig) = match self.qualified(path) {
            Some(None) => return None,
            Some(Some(sig)) => {
                let module = path.modules.last().map(|m| m.name.clone()).unwrap_or_default();
                let found = find_in(&sig.values, name).map(|s| ValueEntry {
                    target: crate::typed::ValueRef::Global { module, name: name.clone() },
                    ty: ValueType::Scheme(s.clone()),
                });
                (found, Some(sig))
            }
            None => (self.env.values.get(name).cloned(), None),
        };
        self.found_or_report(found, Namespace::Value, path, sig.as_deref())
    }

    /// Looks a constructor up, preferring one of the variant type `hint` when given;
    /// reports E0202.
    pub fn lookup_constr(&mut self, path: &Path, hint: Option<TypeId>) -> Option<ConstrRef> {
        if path.modules.is_empty() {
            if let Some(c) = hint.and_then(|t| self.constr_of_type(t, &path.name.name)) {
                return Some(c);
            }
        }
        let (found, sig) = match self.qualified(path) {
            Some(None) => return None,
            Some(Some(sig)) => (find_in(&sig.constrs, &path.name.name).copied(), Some(sig)),
            None => (self.env.constrs.get(&path.name.name).copied(), None),
        };
        self.found_or_report(found, Namespace::Constructor, path, sig.as_deref())
    }

    /// Looks a record field up, preferring a field of the record type `hint` when given;
    /// reports E0205.
    pub fn lookup_field(&mut self, path: &Path, hint: Option<TypeId>) -> Option<FieldRef> {
        if path.modules.is_empty() {
            if let Some(f) = hint.and_then(|t| self.field_of_type(t, &path.name.name)) {
                return Some(f);
            }
        }
        let (found, sig) = match self.qualified(path) {
            Some(None) => return None,
            Some(Some(sig)) => (find_in(&sig.fields, &path.name.name).copied(), Some(sig)),
            None => (self.env.fields.get(&path.name.name).copied(), None),
        };
        self.found_or_report(found, Namespace::Field, path, sig.as_deref())
    }

    /// Looks a type name up, reporting E0203.
    pub fn lookup_type(&mut self, path: &Path) -> Option<DeclId> {
        let (found, sig) = match self.qualified(path) {
            Some(None) => return None,
            Some(Some(sig)) => (find_in(&sig.types, &path.name.name).copied(), Some(sig)),
            None => (self.env.types.get(&path.name.name).copied(), None),
        };
        self.found_or_report(found, Namespace::Type, path, sig.as_deref())
    }

    /// Returns `found`, or reports the name as unbound (with a suggestion from the module's
    /// names, or the scope's) and returns `None`.
    fn found_or_report<T>(&mut self, found: Option<T>, ns: Namespace, path: &Path, sig: Option<&ModuleSig>) -> Option<T> {
        if found.is_some() {
            return found;
        }
        let names: Vec<String> = match (ns, sig) {
            (Namespace::Value, Some(s)) => s.values.iter().map(|(n, _)| n.clone()).collect(),
            (Namespace::Constructor, Some(s)) => s.constrs.iter().map(|(n, _)| n.clone()).collect(),
            (Namespace::Field, Some(s)) => s.fields.iter().map(|(n, _)| n.clone()).collect(),
            (Namespace::Type, Some(s)) => s.types.iter().map(|(n, _)| n.clone()).collect(),
            (Namespace::Value, None) => self.env.values.keys().cloned().collect(),
            (Namespace::Constructor, None) => self.env.constrs.keys().cloned().collect(),
            (Namespace::Field, None) => self.env.fields.keys().cloned().collect(),
            (Namespace::Type, None) => self.env.types.keys().cloned().collect(),
        };
        let (code, what) = match ns {
            Namespace::Value => (Code::UnboundValue, "value"),
            Namespace::Constructor => (Code::UnboundConstructor, "constructor"),
            Namespace::Field => (Code::UnboundField, "record field"),
            Namespace::Type => (Code::UnboundType, "type constructor"),
        };
        self.unbound(code, what, path, names.iter().map(String::as_str).collect());
        None
    }

    /// The record type of a record expression or pattern naming `labels`: the expected
    /// type's when it is a record with the first label, else the innermost record type in
    /// scope that has every (unqualified) label, else the first label's usual look-up.
    pub fn record_of_labels(&mut self, labels: &[&Path], hint: Option<TypeId>) -> Option<FieldRef> {
        let first = labels.first()?;
        if first.modules.is_empty() {
            if let Some(f) = hint.and_then(|t| self.field_of_type(t, &first.name.name)) {
                return Some(f);
            }
            let decls = Scoped { shared: self.shared, own: &self.own };
            let fits = |f: &FieldRef| match &decls.decl(f.decl).kind {
                DeclKind::Record(fs) => labels.iter().all(|l| !l.modules.is_empty() || fs.iter().any(|d| d.name == l.name.name)),
                _ => false,
            };
            if let Some(f) = self.env.fields.get_all(&first.name.name).iter().rev().find(|f| fits(f)) {
                return Some(*f);
            }
        }
        self.lookup_field(first, hint)
    }

    /// The constructor `name` of the variant type `t` (after expansion), if it is one.
    fn constr_of_type(&mut self, t: TypeId, name: &str) -> Option<ConstrRef> {
        let decls = Scoped { shared: self.shared, own: &self.own };
        let t = self.store.expand_head(&decls, t);
        let Desc::Con(d, _) = self.store.desc(t) else { return None };
        let DeclKind::Variant(cs) = &decls.decl(*d).kind else { return None };
        let tag = cs.iter().position(|c| c.name == name)?;
        Some(ConstrRef::Variant { decl: *d, tag: tag as u32 })
    }

    /// The field `name` of the record type `t` (after expansion), if it is one.
    fn field_of_type(&mut self, t: TypeId, name: &str) -> Option<FieldRef> {
        let decls = Scoped { shared: self.shared, own: &self.own };
        let t = self.store.expand_head(&decls, t);
        let Desc::Con(d, _) = self.store.desc(t) else { return None };
        let DeclKind::Record(fields) = &decls.decl(*d).kind else { return None };
        let index = fields.iter().position(|f| f.name == name)?;
        Some(FieldRef { decl: *d, index: index as u32 })
    }

    fn unbound(&mut self, code: Code, what: &str, path: &Path, candidates: Vec<&str>) {
        let name = &path.name.name;
        let shown = if path.modules.is_empty() {
            name.clone()
        } else {
            let ms: Vec<&str> = path.modules.iter().map(|m| m.name.as_str()).collect();
            format!("{}.{}", ms.join("."), name)
        };
        let mut d = Diagnostic::new(code, format!("unbound {what} `{shown}`"), path.span)
            .with_label(format!("no {what} `{name}` is in scope here"));
        if let Some(s) = suggest(name, candidates) {
            d = d.with_help(format!("did you mean `{s}`?"));
        }
        self.error(d);
    }

    /// The type an annotation denotes; `'a` names are shared across the top-level item.
    pub fn annotation(&mut self, t: &TypeExpr) -> TypeId {
        match &t.kind {
            TypeExprKind::Var(name) => {
                if let Some(v) = self.type_vars.get(name) {
                    return *v;
                }
                let v = self.store.add_at(Desc::Var(Some(name.clone())), 1);
                self.type_vars.insert(name.clone(), v);
                v
            }
            TypeExprKind::Any => self.store.var(),
            TypeExprKind::Arrow(a, b) => {
                let a = self.annotation(a);
                let b = self.annotation(b);
                self.arrow(a, b)
            }
            TypeExprKind::Tuple(items) => {
                let items = items.iter().map(|i| self.annotation(i)).collect();
                self.store.add(Desc::Tuple(items))
            }
            TypeExprKind::Constr(path, args) => {
                let targs: Vec<TypeId> = args.iter().map(|a| self.annotation(a)).collect();
                match self.lookup_type(path) {
                    Some(d) if self.check_arity(d, args.len(), t.span) => self.con(d, targs),
                    _ => self.store.var(),
                }
            }
        }
    }

    /// Reports E0303 unless `decl` takes `given` arguments.
    pub fn check_arity(&mut self, decl: DeclId, given: usize, span: Span) -> bool {
        let decls = self.decls();
        let d = decls.decl(decl);
        let expected = d.params.len();
        if expected == given {
            return true;
        }
        let name = d.name.clone();
        self.error(
            Diagnostic::new(
                Code::TypeArity,
                format!("the type constructor `{name}` expects {expected} argument(s), but is here applied to {given}"),
                span,
            )
            .with_label(format!("{given} argument(s) given")),
        );
        false
    }

    /// The closed scheme of a type written in a declaration whose parameters are `params`;
    /// reports E0208 for any other variable.
    pub fn decl_scheme(&mut self, t: &TypeExpr, params: &[String], free: Option<&mut Vec<String>>) -> Scheme {
        let mut free = free;
        self.decl_scheme_in(t, params, &mut free)
    }

    fn decl_scheme_in(&mut self, t: &TypeExpr, params: &[String], free: &mut Option<&mut Vec<String>>) -> Scheme {
        match &t.kind {
            TypeExprKind::Var(name) => {
                if let Some(i) = params.iter().position(|p| p == name) {
                    return Scheme::Var(i as u32);
                }
                if let Some(free) = free.as_deref_mut() {
                    // Interfaces (`val`) quantify their variables implicitly.
                    let i = free.iter().position(|p| p == name).unwrap_or_else(|| {
                        free.push(name.clone());
                        free.len() - 1
                    });
                    return Scheme::Var((params.len() + i) as u32);
                }
                self.error(
                    Diagnostic::new(Code::UnboundTypeVariable, format!("the type variable `'{name}` is unbound in this type declaration"), t.span)
                        .with_label("not a parameter of the type")
                        .with_help(format!("add `'{name}` to the type's parameters")),
                );
                Scheme::Con(self.builtins.unit, vec![])
            }
            TypeExprKind::Any => {
                self.error(Diagnostic::new(Code::UnboundTypeVariable, "a `_` type is not allowed in a type declaration", t.span));
                Scheme::Con(self.builtins.unit, vec![])
            }
            TypeExprKind::Arrow(a, b) => {
                let a = self.decl_scheme_in(a, params, free);
                let b = self.decl_scheme_in(b, params, free);
                Scheme::Arrow(Box::new(a), Box::new(b))
            }
            TypeExprKind::Tuple(items) => Scheme::Tuple(items.iter().map(|i| self.decl_scheme_in(i, params, free)).collect()),
            TypeExprKind::Constr(path, args) => {
                let sargs: Vec<Scheme> = args.iter().map(|a| self.decl_scheme_in(a, params, free)).collect();
                match self.lookup_type(path) {
                    Some(d) if self.check_arity(d, args.len(), t.span) => Scheme::Con(d, sargs),
                    _ => Scheme::Con(self.builtins.unit, vec![]),
                }
            }
        }
    }

    /// An instance of a value's type.
    pub fn instantiate(&mut self, ty: &ValueType) -> TypeId {
        match ty {
            ValueType::Node(t) => self.store.instance(*t),
            ValueType::Scheme(s) => {
                let mut vars = Vec::new();
                self.store.build(s, &mut vars)
            }
        }
    }
}
