//! Hindley–Milner type inference with let-polymorphism (by levels), OCaml's relaxed value
//! restriction, variants, records, exceptions, abbreviations (recursive ones as `-rectypes`
//! allows), annotations, modules and literal `Printf` formats; the typing warnings
//! (non-exhaustive matches, unused cases, unused variables); and `ocamlc -i`'s printing of
//! the resulting signature.

pub mod checker;
pub mod declare;
pub mod decls;
pub mod env;
pub mod exhaust;
pub mod expr;
pub mod format;
pub mod library;
pub mod pattern;
pub mod predicate;
pub mod print;
pub mod printf;
pub mod types;

pub use library::Library;
pub use predicate::PredicateEnv;

use crate::ast::{ItemKind, Module};
use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::{has_errors, Diagnostic};
use crate::typed::TItem;
use checker::Checker;
use decls::{DeclId, DeclSet, DeclTable, ExnId};
use env::{ModuleSig, ValueEntry, ValueType};
use format::{BoxKind, Formatter};
use print::{TypePrinter, WeakNames};
use std::sync::Arc;
use types::{TypeId, TypeStore};

/// One entry of a module's signature, in source order.
#[derive(Debug, Clone)]
pub enum SigItem {
    /// A top-level value and its (generalised) type.
    Value {
        /// Its name.
        name: String,
        /// Its type in the module's store.
        ty: TypeId,
        /// The primitive names of an `external`, empty for a `let`.
        prims: Vec<String>,
    },
    /// A `type ... and ...` group.
    Types(Vec<DeclId>),
    /// An exception.
    Exception(ExnId),
}

/// A checked module: the typed tree, its types, and its signature.
#[derive(Debug, Clone)]
pub struct TypedModule {
    /// The module's name (`Foo` for `foo.ml`).
    pub name: String,
    /// Every type node of the module.
    pub store: TypeStore,
    /// The typed items, in source order.
    pub items: Vec<TItem>,
    /// The signature, in source order.
    pub signature: Vec<SigItem>,
    /// Every declaration table the module's types refer to (its own included).
    pub decls: DeclSet,
    /// The module's own types and exceptions.
    pub table: Arc<DeclTable>,
    /// What other modules see of it.
    pub exports: Arc<ModuleSig>,
}

/// The stack the checker runs on: its walks are recursive, and a 20,000-element list
/// literal is a 20,000-deep expression (only the pages used are ever committed).
const CHECKER_STACK: usize = 1 << 30;

/// Type-checks module `name` of a program; `earlier` are the modules it may refer to.
pub fn check_module(lib: &Library, earlier: &[TypedModule], name: &str, ast: &Module) -> (Option<TypedModule>, Vec<Diagnostic>) {
    std::thread::scope(|scope| {
        let checker = std::thread::Builder::new()
            .name("type checker".into())
            .stack_size(CHECKER_STACK)
            .spawn_scoped(scope, || check_module_here(lib, earlier, name, ast));
        match checker {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread could be started: check on this one.
            Err(_) => check_module_here(lib, earlier, name, ast),
        }
    })
}

fn check_module_here(lib: &Library, earlier: &[TypedModule], name: &str, ast: &Module) -> (Option<TypedModule>, Vec<Diagnostic>) {
    let mut shared = DeclSet { tables: vec![lib.table.clone()] };
    shared.tables.extend(earlier.iter().map(|m| m.table.clone()));
    let mut c = Checker::new(&shared, lib.builtins, name, Some(name.to_string()));
    c.env = library::base_env(&lib.table, &lib.modules, true);
    for m in earlier {
        c.env.modules.insert(m.name.clone(), m.exports.clone());
    }
    let mut items = Vec::new();
    let mut signature = Vec::new();
    let mut exports = ModuleSig::default();
    for item in &ast.items {
        c.type_vars.clear();
        match &item.kind {
            ItemKind::Let(rec, bindings) => {
                let r = c.type_let(*rec, bindings, true);
                for b in &r.binder.vars {
                    c.env.values.insert(
                        b.ident.name.clone(),
                        ValueEntry {
                            target: crate::typed::ValueRef::Global { module: name.to_string(), name: b.ident.name.clone() },
                            ty: ValueType::Node(b.ty),
                        },
                    );
                    signature.push(SigItem::Value { name: b.ident.name.clone(), ty: b.ty, prims: Vec::new() });
                }
                items.push(TItem::Let(*rec, r.bindings));
            }
            ItemKind::Expr(e) => {
                c.store.level += 1;
                let t = c.infer(e);
                c.store.level -= 1;
                items.push(TItem::Expr(t));
            }
            ItemKind::Type(group) => {
                let ids = c.declare_types(group);
                for id in &ids {
                    c.export_type(*id, &mut exports);
                }
                signature.push(SigItem::Types(ids.clone()));
                items.push(TItem::Type(ids));
            }
            ItemKind::Exception(d) => {
                let id = c.declare_exception(d);
                exports.constrs.push((d.name.name.clone(), crate::typed::ConstrRef::Exception(id)));
                signature.push(SigItem::Exception(id));
                items.push(TItem::Exception(id));
            }
            ItemKind::Open(path) => {
                let m = path.modules.first().unwrap_or(&path.name);
                if let Some(sig) = c.module_sig(m) {
                    c.env.open(&m.name, &sig);
                }
            }
            ItemKind::Attribute(a) => items.push(TItem::Attribute(a.clone())),
            ItemKind::External(x, t, prims) => {
                let s = c.val_scheme(t);
                c.env.values.insert(
                    x.name.clone(),
                    ValueEntry {
                        target: crate::typed::ValueRef::Global { module: name.to_string(), name: x.name.clone() },
                        ty: ValueType::Scheme(Arc::new(s.clone())),
                    },
                );
                let mut vars = Vec::new();
                c.store.level += 1;
                let t = c.store.build(&s, &mut vars);
                c.store.level -= 1;
                c.store.generalize(t);
                signature.push(SigItem::Value { name: x.name.clone(), ty: t, prims: prims.clone() });
            }
            ItemKind::Val(x, _) => {
                c.error(Diagnostic::new(Code::UnexpectedToken, format!("`val {}` belongs in an interface, not in an implementation", x.name), item.span));
            }
        }
    }
    c.warn_unused();
    for s in &signature {
        if let SigItem::Value { name, ty, .. } = s {
            let mut vars = Vec::new();
            exports.values.push((name.clone(), Arc::new(c.store.to_scheme(*ty, &mut vars))));
        }
    }
    let diagnostics = std::mem::take(&mut c.diagnostics);
    if has_errors(&diagnostics) {
        return (None, diagnostics);
    }
    let table = Arc::new(std::mem::replace(&mut c.own, DeclTable { id: 0, decls: Vec::new(), exceptions: Vec::new() }));
    let store = std::mem::take(&mut c.store);
    let mut decls = shared.clone();
    decls.tables.push(table.clone());
    let module = TypedModule { name: name.to_string(), store, items, signature, decls, table, exports: Arc::new(exports) };
    (Some(module), diagnostics)
}

impl Checker<'_> {
    /// W0002 for every `let`-bound local that nothing uses.
    fn warn_unused(&mut self) {
        let unused: Vec<_> = self.locals.iter().filter(|l| l.warn && !l.used).cloned().collect();
        for l in unused {
            self.error(
                Diagnostic::new(Code::UnusedVariable, format!("unused variable `{}`", l.name), l.span)
                    .with_label("bound here and never used")
                    .with_help(format!("remove it, or write `_{}` if it is unused on purpose", l.name)),
            );
        }
    }
}

/// The module's signature as `ocamlc -i` prints it.
pub fn print_signature(m: &TypedModule) -> String {
    let mut f = Formatter::default();
    let mut weak = WeakNames::default();
    f.open(BoxKind::V, 0);
    let shadowed = |i: usize, n: &str| m.signature[i + 1..].iter().any(|s| matches!(s, SigItem::Value { name, .. } if name == n));
    let mut first = true;
    for (i, item) in m.signature.iter().enumerate() {
        if matches!(item, SigItem::Value { name, .. } if shadowed(i, name)) {
            continue;
        }
        match item {
            SigItem::Value { name, ty, prims } => {
                if !first {
                    f.space();
                }
                let mut p = TypePrinter::new(&m.store, &m.decls, &m.name);
                let out = p.tree(*ty, Some(&mut weak));
                print::print_val(&mut f, name, &out, prims);
            }
            SigItem::Types(ids) => {
                for (j, id) in ids.iter().enumerate() {
                    if !first || j > 0 {
                        f.space();
                    }
                    let p = TypePrinter::new(&m.store, &m.decls, &m.name);
                    print::print_type_decl(&mut f, &p, *id, if j == 0 { "type" } else { "and" }, &m.decls);
                }
            }
            SigItem::Exception(id) => {
                if !first {
                    f.space();
                }
                let p = TypePrinter::new(&m.store, &m.decls, &m.name);
                print::print_exception(&mut f, &p, &decls::Decls::exception(&m.decls, *id).1);
            }
        }
        first = false;
    }
    f.close();
    let mut out = f.finish();
    if !out.is_empty() {
        out.push('\n');
    }
    out
}
