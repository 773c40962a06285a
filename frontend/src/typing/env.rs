//! The typing environment: values, constructors, types, fields and modules in scope, as
//! scoped hash maps that are undone when a scope ends (no copying of environments), and
//! the signatures of modules that can be opened or named (`Ast.fork`).

use super::decls::{DeclId, Scheme};
use super::types::TypeId;
use crate::typed::{ConstrRef, FieldRef, ValueRef};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

/// A map whose bindings can be rolled back to an earlier mark.
#[derive(Debug, Clone)]
pub struct ScopedMap<K, V> {
    map: HashMap<K, Vec<V>>,
    log: Vec<K>,
}

impl<K: Hash + Eq + Clone, V> Default for ScopedMap<K, V> {
    fn default() -> Self {
        ScopedMap { map: HashMap::new(), log: Vec::new() }
    }
}

impl<K: Hash + Eq + Clone, V> ScopedMap<K, V> {
    /// Binds `k` to `v`, hiding any earlier binding until rolled back.
    pub fn insert(&mut self, k: K, v: V) {
        self.map.entry(k.clone()).or_default().push(v);
        self.log.push(k);
    }

    /// The innermost binding of `k`.
    pub fn get<Q>(&self, k: &Q) -> Option<&V>
    where
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.get(k).and_then(|v| v.last())
    }

    /// Every binding of `k`, innermost last.
    pub fn get_all(&self, k: &K) -> &[V] {
        self.map.get(k).map(Vec::as_slice).unwrap_or(&[])
    }

    /// A mark to roll back to.
    pub fn mark(&self) -> usize {
        self.log.len()
    }

    /// Removes every binding made since `mark`.
    pub fn rollback(&mut self, mark: usize) {
        while self.log.len() > mark {
            let k = self.log.pop().expect("log is longer than mark");
            if let Some(stack) = self.map.get_mut(&k) {
                stack.pop();
                if stack.is_empty() {
                    self.map.remove(&k);
                }
            }
        }
    }

    /// Every bound key.
    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.map.keys()
    }
}

/// The type of a value in scope.
#[derive(Debug, Clone)]
pub enum ValueType {
    /// A node of the current module's store (generalised nodes are instantiated on use).
    Node(TypeId),
    /// A closed scheme of the library or of an earlier module.
    Scheme(Arc<Scheme>),
}

/// A value in scope.
#[derive(Debug, Clone)]
pub struct ValueEntry {
    /// What it refers to.
    pub target: ValueRef,
    /// Its type.
    pub ty: ValueType,
}

/// The public contents of a module.
#[derive(Debug, Clone, Default)]
pub struct ModuleSig {
    /// Values with their types, in declaration order.
    pub values: Vec<(String, Arc<Scheme>)>,
    /// Types by name.
    pub types: Vec<(String, DeclId)>,
    /// Constructors (and exceptions) by name.
    pub constrs: Vec<(String, ConstrRef)>,
    /// Record fields by name.
    pub fields: Vec<(String, FieldRef)>,
}

/// Everything in scope at one point of a module.
#[derive(Debug, Default)]
pub struct Env {
    /// Values.
    pub values: ScopedMap<String, ValueEntry>,
    /// Constructors and exceptions.
    pub constrs: ScopedMap<String, ConstrRef>,
    /// Type names.
    pub types: ScopedMap<String, DeclId>,
    /// Record fields.
    pub fields: ScopedMap<String, FieldRef>,
    /// Modules that can be named, by name.
    pub modules: HashMap<String, Arc<ModuleSig>>,
}

/// A point to roll an [`Env`] back to.
#[derive(Debug, Clone, Copy)]
pub struct EnvMark([usize; 4]);

impl Env {
    /// A mark for [`Env::rollback`].
    pub fn mark(&self) -> EnvMark {
        EnvMark([self.values.mark(), self.constrs.mark(), self.types.mark(), self.fields.mark()])
    }

    /// Ends every scope opened since `mark`.
    pub fn rollback(&mut self, mark: EnvMark) {
        self.values.rollback(mark.0[0]);
        self.constrs.rollback(mark.0[1]);
        self.types.rollback(mark.0[2]);
        self.fields.rollback(mark.0[3]);
    }

    /// Brings a module's contents into scope (`open M`).
    pub fn open(&mut self, module: &str, sig: &ModuleSig) {
        for (name, scheme) in &sig.values {
            let target = ValueRef::Global { module: module.to_string(), name: name.clone() };
            self.values.insert(name.clone(), ValueEntry { target, ty: ValueType::Scheme(scheme.clone()) });
        }
        for (name, id) in &sig.types {
            self.types.insert(name.clone(), *id);
        }
        for (name, c) in &sig.constrs {
            self.constrs.insert(name.clone(), *c);
        }
        for (name, f) in &sig.fields {
            self.fields.insert(name.clone(), *f);
        }
    }
}

/// Finds a name in a module signature (the last declaration wins, as in OCaml).
pub fn find_in<'a, T>(items: &'a [(String, T)], name: &str) -> Option<&'a T> {
    items.iter().rev().find(|(n, _)| n == name).map(|(_, t)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rollback_restores_shadowed_bindings() {
        let mut m: ScopedMap<String, i32> = ScopedMap::default();
        m.insert("x".into(), 1);
        let mark = m.mark();
        m.insert("x".into(), 2);
        m.insert("y".into(), 3);
        assert_eq!(m.get("x"), Some(&2));
        m.rollback(mark);
        assert_eq!(m.get("x"), Some(&1));
        assert_eq!(m.get("y"), None);
    }
}
