//! Types as a union-find graph, as OCaml represents them: every node (variable or not) may
//! become a link to another node, levels drive generalisation, and unification links
//! nodes in the order OCaml does so that abbreviations survive in printed types
//! (`routes`, `String.t`) where `ocamlc -i` keeps them.

use super::decls::{DeclId, DeclKind, Decls, Scheme};
use std::collections::HashMap;

/// A node of the type graph of one module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub u32);

/// The level of generalised nodes.
pub const GENERIC: u32 = u32::MAX;

/// What a node is.
#[derive(Debug, Clone, PartialEq)]
pub enum Desc {
    /// A type variable, with the name an annotation gave it (`'k`).
    Var(Option<String>),
    /// A type constructor applied to arguments (`int`, `'a list`, `routes`).
    Con(DeclId, Vec<TypeId>),
    /// A function type.
    Arrow(TypeId, TypeId),
    /// A tuple of two or more types.
    Tuple(Vec<TypeId>),
    /// This node was unified with another one.
    Link(TypeId),
}

#[derive(Debug, Clone)]
struct Node {
    desc: Desc,
    level: u32,
    mark: u32,
}

/// Why two types do not unify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnifyError {
    /// Different type constructors.
    Clash,
    /// A variable would occur in its own instance.
    Occurs,
}

/// All type nodes of one module, with the current binding level.
#[derive(Debug, Clone, Default)]
pub struct TypeStore {
    nodes: Vec<Node>,
    /// The level new nodes get (one more than the number of enclosing `let`s).
    pub level: u32,
    generation: u32,
}

impl TypeStore {
    /// An empty store at level 0.
    pub fn new() -> TypeStore {
        TypeStore::default()
    }

    /// A new node at the current level.
    pub fn add(&mut self, desc: Desc) -> TypeId {
        let level = self.level;
        self.add_at(desc, level)
    }

    /// A new node at `level`.
    pub fn add_at(&mut self, desc: Desc, level: u32) -> TypeId {
        self.nodes.push(Node { desc, level, mark: 0 });
        TypeId(self.nodes.len() as u32 - 1)
    }

    /// A fresh unnamed variable at the current level.
    pub fn var(&mut self) -> TypeId {
        self.add(Desc::Var(None))
    }

    /// The representative of a node (following links, compressing the path).
    pub fn repr(&mut self, t: TypeId) -> TypeId {
        let root = self.find(t);
        let mut cur = t;
        while let Desc::Link(next) = self.nodes[cur.0 as usize].desc {
            self.nodes[cur.0 as usize].desc = Desc::Link(root);
            cur = next;
        }
        root
    }

    /// The representative of a node, without changing the store.
    pub fn find(&self, mut t: TypeId) -> TypeId {
        while let Desc::Link(next) = self.nodes[t.0 as usize].desc {
            t = next;
        }
        t
    }

    /// The description of a node's representative.
    pub fn desc(&self, t: TypeId) -> &Desc {
        &self.nodes[self.find(t).0 as usize].desc
    }

    /// The level of a node's representative.
    pub fn level_of(&self, t: TypeId) -> u32 {
        self.nodes[self.find(t).0 as usize].level
    }

    fn set_level(&mut self, t: TypeId, level: u32) {
        self.nodes[t.0 as usize].level = level;
    }

    fn new_generation(&mut self) -> u32 {
        self.generation += 1;
        self.generation
    }

    /// The nodes directly below `t`: constructor arguments, arrow sides, tuple items.
    pub fn children(&self, t: TypeId) -> Vec<TypeId> {
        match &self.nodes[t.0 as usize].desc {
            Desc::Con(_, args) | Desc::Tuple(args) => args.clone(),
            Desc::Arrow(a, b) => vec![*a, *b],
            Desc::Var(_) | Desc::Link(_) => Vec::new(),
        }
    }

    /// Makes `t` equal to `other` (OCaml's `link_type`), carrying a variable's name over.
    fn link(&mut self, t: TypeId, other: TypeId) {
        let old = std::mem::replace(&mut self.nodes[t.0 as usize].desc, Desc::Link(other));
        if let Desc::Var(Some(name)) = old {
            let (lt, lo) = (self.nodes[t.0 as usize].level, self.nodes[other.0 as usize].level);
            if let Desc::Var(n) = &mut self.nodes[other.0 as usize].desc {
                if n.is_none() || lt < lo {
                    *n = Some(name);
                }
            }
        }
    }

    /// Lowers the levels in `t` to at most `level`, failing if `var` occurs in it.
    fn occur_and_lower(&mut self, var: Option<TypeId>, t: TypeId, level: u32) -> Result<(), UnifyError> {
        let generation = self.new_generation();
        let mut stack = vec![t];
        while let Some(t) = stack.pop() {
            let t = self.repr(t);
            if Some(t) == var {
                return Err(UnifyError::Occurs);
            }
            let node = &self.nodes[t.0 as usize];
            if node.mark == generation || node.level < level {
                continue;
            }
            self.nodes[t.0 as usize].mark = generation;
            if self.nodes[t.0 as usize].level > level {
                self.set_level(t, level);
            }
            stack.extend(self.children(t));
        }
        Ok(())
    }

    /// Lowers the levels in `t` to at most `level`.
    pub fn lower_level(&mut self, t: TypeId, level: u32) {
        let _ = self.occur_and_lower(None, t, level);
    }

    /// True when `t` is an abbreviation (a constructor with a manifest type).
    fn abbreviation(&self, decls: &dyn Decls, t: TypeId) -> bool {
        matches!(self.desc(t), Desc::Con(d, _) if matches!(decls.decl(*d).kind, DeclKind::Alias(_)))
    }

    /// One step of expansion of an abbreviation node: its body with the arguments put in.
    pub fn expand_once(&mut self, decls: &dyn Decls, t: TypeId) -> Option<TypeId> {
        let t = self.repr(t);
        let Desc::Con(d, args) = self.desc(t).clone() else { return None };
        let DeclKind::Alias(body) = &decls.decl(d).kind else { return None };
        let level = self.nodes[t.0 as usize].level.min(self.level);
        let mut params: Vec<Option<TypeId>> = args.into_iter().map(Some).collect();
        Some(self.build_at(body, &mut params, level))
    }

    /// Expands abbreviations at the head of `t` until it is not one.
    pub fn expand_head(&mut self, decls: &dyn Decls, t: TypeId) -> TypeId {
        let mut t = self.repr(t);
        // A declaration check rejects cyclic heads; the bound guards against surprises.
        for _ in 0..1000 {
            match self.expand_once(decls, t) {
                Some(e) => t = self.repr(e),
                None => return t,
            }
        }
        t
    }

    /// Builds the nodes of a scheme at the current level; `vars[i]` is the node of variable
    /// `i`, created on first use when `None`.
    pub fn build(&mut self, s: &Scheme, vars: &mut Vec<Option<TypeId>>) -> TypeId {
        let level = self.level;
        self.build_at(s, vars, level)
    }

    fn build_at(&mut self, s: &Scheme, vars: &mut Vec<Option<TypeId>>, level: u32) -> TypeId {
        match s {
            Scheme::Var(i) => {
                let i = *i as usize;
                if vars.len() <= i {
                    vars.resize(i + 1, None);
                }
                match vars[i] {
                    Some(t) => t,
                    None => {
                        let t = self.add_at(Desc::Var(None), level);
                        vars[i] = Some(t);
                        t
                    }
                }
            }
            Scheme::Con(d, args) => {
                let args = args.iter().map(|a| self.build_at(a, vars, level)).collect();
                self.add_at(Desc::Con(*d, args), level)
            }
            Scheme::Arrow(a, b) => {
                let a = self.build_at(a, vars, level);
                let b = self.build_at(b, vars, level);
                self.add_at(Desc::Arrow(a, b), level)
            }
            Scheme::Tuple(items) => {
                let items = items.iter().map(|a| self.build_at(a, vars, level)).collect();
                self.add_at(Desc::Tuple(items), level)
            }
        }
    }

    /// Unifies `actual` with `expected`, linking nodes in OCaml's order.
    pub fn unify(&mut self, decls: &dyn Decls, actual: TypeId, expected: TypeId) -> Result<(), UnifyError> {
        let t1 = self.repr(actual);
        let t2 = self.repr(expected);
        if t1 == t2 {
            return Ok(());
        }
        match (self.desc(t1), self.desc(t2)) {
            (Desc::Var(_), _) => return self.link_var(t1, t2),
            (_, Desc::Var(_)) => return self.link_var(t2, t1),
            _ => {}
        }
        let (a1, a2) = (self.abbreviation(decls, t1), self.abbreviation(decls, t2));
        match (a1, a2) {
            (true, true) => {
                if let (Desc::Con(d1, args1), Desc::Con(d2, args2)) = (self.desc(t1).clone(), self.desc(t2).clone()) {
                    if d1 == d2 {
                        self.link_structure(t1, t2);
                        return self.unify_all(decls, &args1, &args2);
                    }
                }
                let e1 = self.expand_head(decls, t1);
                let e2 = self.expand_head(decls, t2);
                self.unify(decls, e1, e2)
            }
            (true, false) => {
                let e1 = self.expand_head(decls, t1);
                if self.abbreviation(decls, e1) || matches!(self.desc(e1), Desc::Var(_)) {
                    return self.unify(decls, e1, t2);
                }
                let (c2, c1) = (self.desc(t2).clone(), self.desc(e1).clone());
                self.same_head(&c2, &c1)?;
                self.link_structure(t2, t1);
                self.unify_contents(decls, &c2, &c1)
            }
            (false, true) => {
                let e2 = self.expand_head(decls, t2);
                if self.abbreviation(decls, e2) || matches!(self.desc(e2), Desc::Var(_)) {
                    return self.unify(decls, t1, e2);
                }
                let (c1, c2) = (self.desc(t1).clone(), self.desc(e2).clone());
                self.same_head(&c1, &c2)?;
                self.link_structure(t1, t2);
                self.unify_contents(decls, &c1, &c2)
            }
            (false, false) => {
                let (c1, c2) = (self.desc(t1).clone(), self.desc(t2).clone());
                self.same_head(&c1, &c2)?;
                self.link_structure(t1, t2);
                self.unify_contents(decls, &c1, &c2)
            }
        }
    }

    fn link_var(&mut self, var: TypeId, t: TypeId) -> Result<(), UnifyError> {
        let level = self.nodes[var.0 as usize].level;
        self.occur_and_lower(Some(var), t, level)?;
        self.link(var, t);
        Ok(())
    }

    fn link_structure(&mut self, from: TypeId, to: TypeId) {
        let level = self.nodes[from.0 as usize].level.min(self.nodes[to.0 as usize].level);
        self.lower_level(to, level);
        self.link(from, to);
    }

    fn same_head(&self, a: &Desc, b: &Desc) -> Result<(), UnifyError> {
        let same = match (a, b) {
            (Desc::Con(d1, _), Desc::Con(d2, _)) => d1 == d2,
            (Desc::Arrow(..), Desc::Arrow(..)) => true,
            (Desc::Tuple(x), Desc::Tuple(y)) => x.len() == y.len(),
            _ => false,
        };
        if same {
            Ok(())
        } else {
            Err(UnifyError::Clash)
        }
    }

    fn unify_contents(&mut self, decls: &dyn Decls, a: &Desc, b: &Desc) -> Result<(), UnifyError> {
        match (a, b) {
            (Desc::Con(_, x), Desc::Con(_, y)) | (Desc::Tuple(x), Desc::Tuple(y)) => self.unify_all(decls, x, y),
            (Desc::Arrow(a1, r1), Desc::Arrow(a2, r2)) => {
                self.unify(decls, *a1, *a2)?;
                self.unify(decls, *r1, *r2)
            }
            _ => Err(UnifyError::Clash),
        }
    }

    fn unify_all(&mut self, decls: &dyn Decls, xs: &[TypeId], ys: &[TypeId]) -> Result<(), UnifyError> {
        if xs.len() != ys.len() {
            return Err(UnifyError::Clash);
        }
        for (x, y) in xs.iter().zip(ys) {
            self.unify(decls, *x, *y)?;
        }
        Ok(())
    }

    /// Generalises every node of `t` above the current level.
    pub fn generalize(&mut self, t: TypeId) {
        let current = self.level;
        let mut stack = vec![t];
        while let Some(t) = stack.pop() {
            let t = self.repr(t);
            let level = self.nodes[t.0 as usize].level;
            if level == GENERIC || level <= current {
                continue;
            }
            self.set_level(t, GENERIC);
            stack.extend(self.children(t));
        }
    }

    /// OCaml's relaxed value restriction: variables of `t` that are not only in covariant
    /// positions are lowered to the current level, so a later [`generalize`](Self::generalize)
    /// leaves them weak.
    pub fn restrict_expansive(&mut self, decls: &dyn Decls, t: TypeId) {
        let current = self.level;
        let generation = self.new_generation();
        self.restrict(decls, t, current, generation);
    }

    fn restrict(&mut self, decls: &dyn Decls, t: TypeId, current: u32, generation: u32) {
        let t = self.repr(t);
        let node = &self.nodes[t.0 as usize];
        if node.level == GENERIC || node.level <= current || node.mark == generation {
            return;
        }
        self.nodes[t.0 as usize].mark = generation;
        match self.desc(t).clone() {
            Desc::Con(d, args) => {
                if matches!(decls.decl(d).kind, DeclKind::Alias(_)) {
                    if let Some(e) = self.expand_once(decls, t) {
                        self.restrict(decls, e, current, generation);
                    }
                    return;
                }
                let variance = decls.decl(d).covariant.clone();
                for (i, a) in args.iter().enumerate() {
                    if variance.get(i).copied().unwrap_or(false) {
                        self.restrict(decls, *a, current, generation);
                    } else {
                        self.lower_level(*a, current);
                    }
                }
            }
            Desc::Arrow(a, r) => {
                self.lower_level(a, current);
                self.restrict(decls, r, current, generation);
            }
            Desc::Tuple(items) => {
                for i in items {
                    self.restrict(decls, i, current, generation);
                }
            }
            Desc::Var(_) | Desc::Link(_) => {}
        }
    }

    /// A copy of `t` where generalised nodes are fresh (OCaml's `instance`).
    pub fn instance(&mut self, t: TypeId) -> TypeId {
        let mut memo = HashMap::new();
        self.copy_generic(t, &mut memo)
    }

    /// Instances of several types sharing their generalised variables.
    pub fn instance_all(&mut self, ts: &[TypeId]) -> Vec<TypeId> {
        let mut memo = HashMap::new();
        ts.iter().map(|t| self.copy_generic(*t, &mut memo)).collect()
    }

    fn copy_generic(&mut self, t: TypeId, memo: &mut HashMap<TypeId, TypeId>) -> TypeId {
        let t = self.repr(t);
        if self.nodes[t.0 as usize].level != GENERIC {
            return t;
        }
        if let Some(c) = memo.get(&t) {
            return *c;
        }
        // The copy is recorded before its children are copied, so a cyclic type (from
        // `-rectypes` abbreviations or a failed unification) is copied as a cycle.
        let c = self.var();
        memo.insert(t, c);
        let desc = match self.desc(t).clone() {
            Desc::Var(_) => return c,
            Desc::Con(d, args) => Desc::Con(d, args.iter().map(|a| self.copy_generic(*a, memo)).collect()),
            Desc::Arrow(a, b) => Desc::Arrow(self.copy_generic(a, memo), self.copy_generic(b, memo)),
            Desc::Tuple(items) => Desc::Tuple(items.iter().map(|a| self.copy_generic(*a, memo)).collect()),
            Desc::Link(_) => unreachable!("repr never returns a link"),
        };
        self.nodes[c.0 as usize].desc = desc;
        c
    }

    /// The scheme of `t`: generalised variables numbered in order of first occurrence; a
    /// variable that is not generalised (weak) is numbered too. A cycle (left behind by a
    /// failed unification) is cut by a fresh variable, since a scheme is a tree.
    pub fn to_scheme(&self, t: TypeId, vars: &mut Vec<TypeId>) -> Scheme {
        self.to_scheme_in(t, vars, &mut Vec::new())
    }

    /// [`Self::to_scheme`] below the nodes in `visiting`.
    fn to_scheme_in(&self, t: TypeId, vars: &mut Vec<TypeId>, visiting: &mut Vec<TypeId>) -> Scheme {
        let t = self.find(t);
        let number = |vars: &mut Vec<TypeId>| {
            vars.iter().position(|v| *v == t).unwrap_or_else(|| {
                vars.push(t);
                vars.len() - 1
            })
        };
        if matches!(self.desc(t), Desc::Var(_)) || visiting.contains(&t) {
            return Scheme::Var(number(vars) as u32);
        }
        visiting.push(t);
        let scheme = match self.desc(t) {
            Desc::Con(d, args) => Scheme::Con(*d, args.iter().map(|a| self.to_scheme_in(*a, vars, visiting)).collect()),
            Desc::Arrow(a, b) => {
                Scheme::Arrow(Box::new(self.to_scheme_in(*a, vars, visiting)), Box::new(self.to_scheme_in(*b, vars, visiting)))
            }
            Desc::Tuple(items) => Scheme::Tuple(items.iter().map(|a| self.to_scheme_in(*a, vars, visiting)).collect()),
            Desc::Var(_) | Desc::Link(_) => unreachable!("variables are handled above and find never returns a link"),
        };
        visiting.pop();
        scheme
    }

    /// The arrow `a -> b` if `t` (expanded) is one.
    pub fn as_arrow(&mut self, decls: &dyn Decls, t: TypeId) -> Option<(TypeId, TypeId)> {
        let t = self.expand_head(decls, t);
        match self.desc(t) {
            Desc::Arrow(a, b) => Some((*a, *b)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typing::decls::{builtin_table, BuiltinIds};

    #[test]
    fn unify_links_variables_and_detects_occurrence() {
        let table = builtin_table(0);
        let ids = BuiltinIds::new(0);
        let mut s = TypeStore::new();
        let a = s.var();
        let int = s.add(Desc::Con(ids.int, vec![]));
        let list_a = s.add(Desc::Con(ids.list, vec![a]));
        s.unify(&table, a, int).unwrap();
        assert_eq!(s.desc(a), &Desc::Con(ids.int, vec![]));
        let b = s.var();
        let list_b = s.add(Desc::Con(ids.list, vec![b]));
        assert_eq!(s.unify(&table, b, list_b), Err(UnifyError::Occurs));
        let string = s.add(Desc::Con(ids.string, vec![]));
        let list_s = s.add(Desc::Con(ids.list, vec![string]));
        assert_eq!(s.unify(&table, list_a, list_s), Err(UnifyError::Clash));
    }

    #[test]
    fn generalised_nodes_are_copied_by_instance() {
        let ids = BuiltinIds::new(0);
        let mut s = TypeStore::new();
        s.level = 1;
        let a = s.var();
        let f = s.add(Desc::Arrow(a, a));
        s.level = 0;
        s.generalize(f);
        let g = s.instance(f);
        assert_ne!(s.find(g), s.find(f));
        let Desc::Arrow(x, y) = s.desc(g).clone() else { panic!("not an arrow") };
        assert_eq!(s.find(x), s.find(y));
        let int = s.add(Desc::Con(ids.int, vec![]));
        let table = builtin_table(0);
        s.unify(&table, x, int).unwrap();
        assert!(matches!(s.desc(a), Desc::Var(_)), "the scheme is untouched");
    }
}
