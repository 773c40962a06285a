//! Printing of types, type declarations and signatures exactly as `ocamlc -i` prints them:
//! OCaml's naming of type variables (`'a`, `'b` in order of appearance, annotation names
//! kept, `'_weak1` for weak variables numbered across the module), module paths on types
//! of other modules, OCaml's parentheses, and `Format`'s line breaking.

use super::decls::{ConstrDecl, DeclId, DeclKind, Decls, Scheme};
use super::format::{BoxKind, Formatter};
use super::types::{Desc, TypeId, TypeStore, GENERIC};
use std::collections::HashMap;

/// A type ready to print (OCaml's `out_type`).
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    /// `'a`, or `'_weak1` when `weak`.
    Var {
        /// A weak (non-generalised) variable.
        weak: bool,
        /// Its name without the quote.
        name: String,
    },
    /// A constructor with its arguments.
    Con(String, Vec<Out>),
    /// `a -> b`
    Arrow(Box<Out>, Box<Out>),
    /// `a * b`
    Tuple(Vec<Out>),
    /// `(t as 'a)`: a cyclic type, `'a` standing for the whole of `t` inside it.
    Alias(Box<Out>, String),
}

/// Names of weak variables, numbered across one printed signature.
#[derive(Debug, Default)]
pub struct WeakNames {
    counter: u32,
    names: HashMap<TypeId, String>,
}

/// Turns type nodes into [`Out`] trees, naming variables as OCaml does.
pub struct TypePrinter<'a> {
    store: &'a TypeStore,
    decls: &'a dyn Decls,
    module: &'a str,
    names: Vec<(TypeId, String)>,
    named: Vec<String>,
    counter: u32,
    /// Nodes that contain themselves (found before printing, as OCaml's `mark_loops`).
    cyclic: Vec<TypeId>,
    /// Cyclic nodes and the variable name that stands for them (`... as 'b`).
    aliases: Vec<(TypeId, String)>,
}

/// True when a value name is an operator that prints as `( op )`.
pub fn parenthesized(name: &str) -> bool {
    let first = name.chars().next().unwrap_or('a');
    !(first.is_ascii_alphabetic() || first == '_') || ["mod", "land", "lor", "lxor", "lsl", "lsr", "asr", "or"].contains(&name)
}

impl<'a> TypePrinter<'a> {
    /// A printer for types of `module` (its own types print without a module path).
    pub fn new(store: &'a TypeStore, decls: &'a dyn Decls, module: &'a str) -> TypePrinter<'a> {
        TypePrinter { store, decls, module, names: Vec::new(), named: Vec::new(), counter: 0, cyclic: Vec::new(), aliases: Vec::new() }
    }

    /// The name of a declared type as seen from the module being printed.
    pub fn path(&self, d: DeclId) -> String {
        let decl = self.decls.decl(d);
        match &decl.module {
            Some(m) if m != self.module => format!("{m}.{}", decl.name),
            _ => decl.name.clone(),
        }
    }

    fn used(&self, name: &str) -> bool {
        self.named.iter().any(|n| n == name) || self.names.iter().any(|(_, n)| n == name)
    }

    fn fresh_name(&mut self) -> String {
        loop {
            let c = self.counter;
            self.counter += 1;
            let letter = (b'a' + (c % 26) as u8) as char;
            let name = if c < 26 { letter.to_string() } else { format!("{letter}{}", c / 26) };
            if !self.used(&name) {
                return name;
            }
        }
    }

    fn collect_named(&mut self, t: TypeId, seen: &mut Vec<TypeId>) {
        let t = self.store.find(t);
        if seen.contains(&t) {
            return;
        }
        seen.push(t);
        match self.store.desc(t) {
            Desc::Var(Some(n)) => {
                if !self.named.contains(n) {
                    self.named.push(n.clone());
                }
            }
            Desc::Con(_, args) | Desc::Tuple(args) => {
                for a in args.clone() {
                    self.collect_named(a, seen);
                }
            }
            Desc::Arrow(a, b) => {
                let (a, b) = (*a, *b);
                self.collect_named(a, seen);
                self.collect_named(b, seen);
            }
            Desc::Var(None) | Desc::Link(_) => {}
        }
    }

    /// The tree of a type; with `weak`, non-generalised variables print as `'_weakN`.
    pub fn tree(&mut self, t: TypeId, mut weak: Option<&mut WeakNames>) -> Out {
        let mut seen = Vec::new();
        self.collect_named(t, &mut seen);
        self.mark_cycles(t, &mut Vec::new(), &mut Vec::new());
        self.tree_in(t, &mut weak)
    }

    /// Adds to `cyclic` the nodes of `t` that are reachable from themselves.
    fn mark_cycles(&mut self, t: TypeId, path: &mut Vec<TypeId>, done: &mut Vec<TypeId>) {
        let t = self.store.find(t);
        if path.contains(&t) {
            if !self.cyclic.contains(&t) {
                self.cyclic.push(t);
            }
            return;
        }
        if done.contains(&t) {
            return;
        }
        path.push(t);
        for child in self.store.children(t) {
            self.mark_cycles(child, path, done);
        }
        path.pop();
        done.push(t);
    }

    fn tree_in(&mut self, t: TypeId, weak: &mut Option<&mut WeakNames>) -> Out {
        let t = self.store.find(t);
        match self.store.desc(t).clone() {
            Desc::Var(own) => {
                let non_gen = weak.is_some() && self.store.level_of(t) != GENERIC;
                if let Some((_, n)) = self.names.iter().find(|(v, _)| *v == t) {
                    return Out::Var { weak: non_gen, name: n.clone() };
                }
                if non_gen {
                    let w = weak.as_deref_mut().expect("non_gen implies weak names");
                    if let Some(n) = w.names.get(&t) {
                        return Out::Var { weak: true, name: n.clone() };
                    }
                }
                let name = match own {
                    Some(n) => {
                        let mut cur = n.clone();
                        let mut i = 0;
                        while self.names.iter().any(|(_, m)| *m == cur) {
                            cur = format!("{n}{i}");
                            i += 1;
                        }
                        cur
                    }
                    None if non_gen => {
                        let w = weak.as_deref_mut().expect("non_gen implies weak names");
                        loop {
                            w.counter += 1;
                            let name = format!("weak{}", w.counter);
                            if !self.used(&name) {
                                w.names.insert(t, name.clone());
                                break name;
                            }
                        }
                    }
                    None => self.fresh_name(),
                };
                self.names.push((t, name.clone()));
                Out::Var { weak: non_gen, name }
            }
            desc => {
                let alias = if self.cyclic.contains(&t) {
                    // The first occurrence prints the type `as 'b`, every other one as `'b`.
                    if let Some((_, name)) = self.aliases.iter().find(|(v, _)| *v == t) {
                        return Out::Var { weak: false, name: name.clone() };
                    }
                    let name = self.fresh_name();
                    self.aliases.push((t, name.clone()));
                    Some(name)
                } else {
                    None
                };
                let out = match desc {
                    Desc::Con(d, args) => {
                        let args = args.iter().map(|a| self.tree_in(*a, weak)).collect();
                        Out::Con(self.path(d), args)
                    }
                    Desc::Arrow(a, b) => {
                        let a = self.tree_in(a, weak);
                        let b = self.tree_in(b, weak);
                        Out::Arrow(Box::new(a), Box::new(b))
                    }
                    Desc::Tuple(items) => Out::Tuple(items.iter().map(|i| self.tree_in(*i, weak)).collect()),
                    Desc::Var(_) | Desc::Link(_) => unreachable!("variables are handled above and find never returns a link"),
                };
                match alias {
                    Some(name) => Out::Alias(Box::new(out), name),
                    None => out,
                }
            }
        }
    }

    /// A type as one line of text, for messages.
    pub fn type_to_string(&mut self, t: TypeId) -> String {
        let out = self.tree(t, None);
        let mut f = Formatter::new(1_000_000, 1_000_000);
        print_type(&mut f, &out);
        f.finish()
    }

    /// The tree of a scheme written in a declaration whose parameters are `params`.
    pub fn scheme_tree(&self, s: &Scheme, params: &[String]) -> Out {
        match s {
            Scheme::Var(i) => Out::Var { weak: false, name: params.get(*i as usize).cloned().unwrap_or_else(|| "_".into()) },
            Scheme::Con(d, args) => Out::Con(self.path(*d), args.iter().map(|a| self.scheme_tree(a, params)).collect()),
            Scheme::Arrow(a, b) => Out::Arrow(Box::new(self.scheme_tree(a, params)), Box::new(self.scheme_tree(b, params))),
            Scheme::Tuple(items) => Out::Tuple(items.iter().map(|i| self.scheme_tree(i, params)).collect()),
        }
    }
}

/// Prints a type (`print_out_type`).
pub fn print_type(f: &mut Formatter, t: &Out) {
    match t {
        Out::Arrow(a, b) => {
            f.open(BoxKind::B, 0);
            print_type_2(f, a);
            f.text(" ->");
            f.space();
            print_type(f, b);
            f.close();
        }
        _ => print_type_2(f, t),
    }
}

fn print_type_2(f: &mut Formatter, t: &Out) {
    match t {
        Out::Tuple(items) => {
            f.open(BoxKind::B, 0);
            print_list(f, items, " *", print_simple);
            f.close();
        }
        _ => print_simple(f, t),
    }
}

fn print_simple(f: &mut Formatter, t: &Out) {
    match t {
        Out::Var { weak, name } => f.text(&format!("'{}{name}", if *weak { "_" } else { "" })),
        Out::Con(name, args) => {
            f.open(BoxKind::B, 0);
            match args.as_slice() {
                [] => {}
                [one] => {
                    print_simple(f, one);
                    f.space();
                }
                many => {
                    f.open(BoxKind::B, 1);
                    f.text("(");
                    print_list(f, many, ",", print_type);
                    f.text(")");
                    f.close();
                    f.space();
                }
            }
            f.text(name);
            f.close();
        }
        Out::Arrow(..) | Out::Tuple(_) => {
            f.open(BoxKind::B, 1);
            f.text("(");
            print_type(f, t);
            f.text(")");
            f.close();
        }
        Out::Alias(inner, name) => {
            f.open(BoxKind::B, 1);
            f.text("(");
            print_type(f, inner);
            f.text(&format!(" as '{name})"));
            f.close();
        }
    }
}

fn print_list(f: &mut Formatter, items: &[Out], sep: &str, elem: fn(&mut Formatter, &Out)) {
    for (i, t) in items.iter().enumerate() {
        if i > 0 {
            f.text(sep);
            f.space();
        }
        elem(f, t);
    }
}

/// Prints `val name : type`, or `external name : type = "prim"` when `prims` are given.
pub fn print_val(f: &mut Formatter, name: &str, t: &Out, prims: &[String]) {
    f.open(BoxKind::B, 2);
    f.text(if prims.is_empty() { "val " } else { "external " });
    if parenthesized(name) {
        f.text(&format!("( {name} )"));
    } else {
        f.text(name);
    }
    f.text(" :");
    f.space();
    print_type(f, t);
    for (i, p) in prims.iter().enumerate() {
        f.space();
        f.text(&format!("{}\"{p}\"", if i == 0 { "= " } else { "" }));
    }
    f.close();
}

/// Prints a constructor declaration (`A`, `B of int * string`).
pub fn print_constr(f: &mut Formatter, name: &str, args: &[Out]) {
    if args.is_empty() {
        f.text(name);
        return;
    }
    f.open(BoxKind::B, 2);
    f.text(name);
    f.text(" of");
    f.space();
    print_list(f, args, " *", print_simple);
    f.close();
}

/// Prints `exception E [of t]`.
pub fn print_exception(f: &mut Formatter, p: &TypePrinter, exn: &ConstrDecl) {
    f.open(BoxKind::B, 2);
    f.text("exception ");
    let args: Vec<Out> = exn.args.iter().map(|a| p.scheme_tree(a, &[])).collect();
    print_constr(f, &exn.name, &args);
    f.close();
}

/// Prints one declaration of a type group, with `type` or `and`.
pub fn print_type_decl(f: &mut Formatter, p: &TypePrinter, d: DeclId, keyword: &str, decls: &dyn Decls) {
    let decl = decls.decl(d);
    let params: Vec<String> = decl.params.iter().map(|n| format!("'{n}")).collect();
    f.open(BoxKind::B, 2);
    f.open(BoxKind::Hv, 2);
    f.text(keyword);
    f.text(" ");
    match params.as_slice() {
        [] => f.text(&decl.name),
        [one] => {
            f.open(BoxKind::B, 0);
            f.text(one);
            f.space();
            f.text(&decl.name);
            f.close();
        }
        many => {
            f.open(BoxKind::B, 0);
            f.text("(");
            f.open(BoxKind::B, 0);
            for (i, n) in many.iter().enumerate() {
                if i > 0 {
                    f.text(",");
                    f.space();
                }
                f.text(n);
            }
            f.text(")");
            f.close();
            f.space();
            f.text(&decl.name);
            f.close();
        }
    }
    let names: Vec<String> = decl.params.clone();
    match &decl.kind {
        DeclKind::Abstract => {}
        DeclKind::Alias(s) => {
            f.text(" =");
            f.brk(1, 2);
            print_type(f, &p.scheme_tree(s, &names));
        }
        DeclKind::Variant(cs) => {
            f.text(" =");
            f.brk(1, 2);
            for (i, c) in cs.iter().enumerate() {
                if i > 0 {
                    f.space();
                    f.text("| ");
                }
                let args: Vec<Out> = c.args.iter().map(|a| p.scheme_tree(a, &names)).collect();
                print_constr(f, &c.name, &args);
            }
        }
        DeclKind::Record(fields) => {
            f.text(" =");
            f.text(" ");
            f.text("{");
            for field in fields {
                f.space();
                f.open(BoxKind::B, 2);
                f.text(&field.name);
                f.text(" :");
                f.space();
                print_type(f, &p.scheme_tree(&field.ty, &names));
                f.close();
                f.text(";");
            }
            f.brk(1, -2);
            f.text("}");
        }
    }
    f.close();
    f.close();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(n: &str) -> Out {
        Out::Var { weak: false, name: n.into() }
    }

    fn show(t: &Out) -> String {
        let mut f = Formatter::default();
        print_type(&mut f, t);
        f.finish()
    }

    #[test]
    fn arrows_and_tuples_are_parenthesised_like_ocaml() {
        let a = var("a");
        let f = Out::Arrow(Box::new(a.clone()), Box::new(var("b")));
        let t = Out::Arrow(Box::new(f.clone()), Box::new(Out::Con("list".into(), vec![Out::Tuple(vec![a.clone(), var("b")])])));
        assert_eq!(show(&t), "('a -> 'b) -> ('a * 'b) list");
        let pair = Out::Con("sumTy".into(), vec![a.clone(), Out::Tuple(vec![var("b"), f])]);
        assert_eq!(show(&pair), "('a, 'b * ('a -> 'b)) sumTy");
    }

    #[test]
    fn operators_are_parenthesised() {
        let mut f = Formatter::default();
        print_val(&mut f, ">>=", &var("a"), &[]);
        assert_eq!(f.finish(), "val ( >>= ) : 'a");
        assert!(parenthesized("mod") && !parenthesized("map"));
    }
}
