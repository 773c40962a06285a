//! Typing of protocol predicates (`{v = 2 * k}`): boolean expressions over the binders of a
//! protocol, each at the type its step declares, in the scope of the library and of the
//! checked module.

use super::checker::{Checker, Reason};
use super::decls::DeclSet;
use super::env::{ValueEntry, ValueType};
use super::library::{base_env, Library};
use super::pattern::Binder;
use super::TypedModule;
use crate::ast::{Expr, Ident, Pattern, PatternKind, TypeExpr};
use anerisc_diag::diagnostic::Diagnostic;
use crate::typed::ValueRef;

/// What a protocol predicate can refer to: the library and, once checked, the module.
pub struct PredicateEnv<'a> {
    /// The library.
    pub library: &'a Library,
    /// The module whose types and values predicates may use.
    pub module: Option<&'a TypedModule>,
}

impl<'a> PredicateEnv<'a> {
    /// Checks that `pred` is a `bool` when each binder has its declared type; returns the
    /// problems found (empty when the predicate is well-typed).
    pub fn check_predicate(&self, pred: &Expr, binders: &[(Ident, TypeExpr)]) -> Vec<Diagnostic> {
        let mut shared = DeclSet { tables: vec![self.library.table.clone()] };
        if let Some(m) = self.module {
            shared.tables.push(m.table.clone());
        }
        let mut c = self.scoped_checker(&shared);
        for (x, t) in binders {
            let ty = c.annotation(t);
            let mut binder = Binder::default();
            let pat = Pattern { kind: PatternKind::Var(x.clone()), span: x.span };
            c.type_pattern(&pat, ty, &mut binder);
            for b in &binder.vars {
                c.env.values.insert(
                    b.ident.name.clone(),
                    ValueEntry { target: ValueRef::Local(b.id, b.ident.name.clone()), ty: ValueType::Node(b.ty) },
                );
            }
        }
        let b = c.bool();
        c.type_expect(pred, b, Some(&Reason::new(pred.span, "a protocol predicate is a bool")));
        c.diagnostics
    }

    /// A checker over a copy of the module's type nodes, with the library and the module in
    /// scope: protocol types it converts can be compared with the types of the module's
    /// typed tree. `None` without a module.
    pub fn module_checker(&self) -> Option<Checker<'a>> {
        let m = self.module?;
        let mut c = self.scoped_checker(&m.decls);
        c.store = m.store.clone();
        Some(c)
    }

    /// A checker over `shared` whose environment is the library's with the module opened.
    fn scoped_checker<'s>(&self, shared: &'s DeclSet) -> Checker<'s> {
        let name = self.module.map(|m| m.name.as_str()).unwrap_or("Predicate");
        let mut c = Checker::new(shared, self.library.builtins, name, Some(name.to_string()));
        c.env = base_env(&self.library.table, &self.library.modules, true);
        if let Some(m) = self.module {
            c.env.modules.insert(m.name.clone(), m.exports.clone());
            c.env.open(&m.name, &m.exports);
        }
        c
    }
}
