//! Exhaustiveness (W0001, with an example of a value no case matches) and unused cases
//! (W0003) by the usefulness algorithm over pattern matrices.

use super::checker::Checker;
use super::decls::{DeclId, DeclKind, Decls};
use crate::ast::Constant;
use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::Diagnostic;
use anerisc_diag::span::Span;
use crate::typed::{ConstrRef, TCase, TPattern, TPatternKind};

/// The head of a constructed pattern.
#[derive(Debug, Clone, PartialEq)]
enum Head {
    Variant(DeclId, u32, usize),
    Exn(ConstrRef, usize),
    Tuple(usize),
    Record(DeclId, usize),
    Const(Constant),
}

impl Head {
    fn arity(&self) -> usize {
        match self {
            Head::Variant(_, _, n) | Head::Exn(_, n) | Head::Tuple(n) | Head::Record(_, n) => *n,
            Head::Const(_) => 0,
        }
    }
}

/// A pattern reduced to what matters for matching.
#[derive(Debug, Clone, PartialEq)]
enum Pat {
    Wild,
    Con(Head, Vec<Pat>),
    Or(Vec<Pat>),
}

/// A value no pattern matches (with `_` for anything).
#[derive(Debug, Clone)]
enum Witness {
    Any,
    Con(Head, Vec<Witness>),
}

fn simplify(p: &TPattern, decls: &dyn Decls) -> Pat {
    match &p.kind {
        TPatternKind::Any | TPatternKind::Var(..) => Pat::Wild,
        TPatternKind::Alias(p, ..) => simplify(p, decls),
        TPatternKind::Const(c) => Pat::Con(Head::Const(c.clone()), Vec::new()),
        TPatternKind::Tuple(items) => Pat::Con(Head::Tuple(items.len()), items.iter().map(|i| simplify(i, decls)).collect()),
        TPatternKind::Construct(c, args) => {
            let sub: Vec<Pat> = args.iter().map(|a| simplify(a, decls)).collect();
            match c {
                ConstrRef::Variant { decl, tag } => Pat::Con(Head::Variant(*decl, *tag, sub.len()), sub),
                ConstrRef::Exception(_) => Pat::Con(Head::Exn(*c, sub.len()), sub),
            }
        }
        TPatternKind::Record(decl, fields) => {
            let n = match &decls.decl(*decl).kind {
                DeclKind::Record(fs) => fs.len(),
                _ => fields.len(),
            };
            let mut sub = vec![Pat::Wild; n];
            for (f, p) in fields {
                if let Some(slot) = sub.get_mut(f.index as usize) {
                    *slot = simplify(p, decls);
                }
            }
            Pat::Con(Head::Record(*decl, n), sub)
        }
        TPatternKind::Or(a, b) => Pat::Or(vec![simplify(a, decls), simplify(b, decls)]),
    }
}

/// Rows with or-patterns in the first column split into one row per alternative.
fn expand_or(rows: &[Vec<Pat>]) -> Vec<Vec<Pat>> {
    let mut out = Vec::new();
    let mut stack: Vec<Vec<Pat>> = rows.iter().rev().cloned().collect();
    while let Some(row) = stack.pop() {
        match row.first() {
            Some(Pat::Or(alts)) => {
                for alt in alts.iter().rev() {
                    let mut r = vec![alt.clone()];
                    r.extend_from_slice(&row[1..]);
                    stack.push(r);
                }
            }
            _ => out.push(row),
        }
    }
    out
}

fn same_head(a: &Head, b: &Head) -> bool {
    match (a, b) {
        (Head::Variant(d1, t1, _), Head::Variant(d2, t2, _)) => d1 == d2 && t1 == t2,
        (Head::Tuple(_), Head::Tuple(_)) | (Head::Record(..), Head::Record(..)) => true,
        (Head::Exn(a, _), Head::Exn(b, _)) => a == b,
        (Head::Const(a), Head::Const(b)) => a == b,
        _ => false,
    }
}

fn specialize(rows: &[Vec<Pat>], head: &Head) -> Vec<Vec<Pat>> {
    let n = head.arity();
    let mut out = Vec::new();
    for row in expand_or(rows) {
        match &row[0] {
            Pat::Wild => {
                let mut r = vec![Pat::Wild; n];
                r.extend_from_slice(&row[1..]);
                out.push(r);
            }
            Pat::Con(h, args) if same_head(h, head) => {
                let mut r = args.clone();
                r.extend_from_slice(&row[1..]);
                out.push(r);
            }
            _ => {}
        }
    }
    out
}

fn default_rows(rows: &[Vec<Pat>]) -> Vec<Vec<Pat>> {
    expand_or(rows).into_iter().filter(|r| r[0] == Pat::Wild).map(|r| r[1..].to_vec()).collect()
}

fn heads(rows: &[Vec<Pat>]) -> Vec<Head> {
    let mut hs: Vec<Head> = Vec::new();
    for row in expand_or(rows) {
        if let Pat::Con(h, _) = &row[0] {
            if !hs.iter().any(|x| same_head(x, h)) {
                hs.push(h.clone());
            }
        }
    }
    hs
}

/// The full signature when `hs` covers every constructor of its type, else `None`.
fn complete(hs: &[Head], decls: &dyn Decls) -> Option<Vec<Head>> {
    let first = hs.first()?;
    match first {
        Head::Tuple(_) | Head::Record(..) => Some(vec![first.clone()]),
        Head::Variant(d, _, _) => {
            let DeclKind::Variant(cs) = &decls.decl(*d).kind else { return None };
            let all: Vec<Head> = cs.iter().enumerate().map(|(t, c)| Head::Variant(*d, t as u32, c.args.len())).collect();
            all.iter().all(|h| hs.iter().any(|x| same_head(x, h))).then_some(all)
        }
        Head::Exn(..) | Head::Const(_) => None,
    }
}

/// A constructor (or constant) of the column's type that `hs` lacks.
fn missing_head(hs: &[Head], decls: &dyn Decls) -> Option<Head> {
    match hs.first()? {
        Head::Variant(d, _, _) => {
            let DeclKind::Variant(cs) = &decls.decl(*d).kind else { return None };
            cs.iter()
                .enumerate()
                .map(|(t, c)| Head::Variant(*d, t as u32, c.args.len()))
                .find(|h| !hs.iter().any(|x| same_head(x, h)))
        }
        Head::Const(c) => {
            let taken = |k: &Constant| hs.iter().any(|h| h == &Head::Const(k.clone()));
            let candidate = match c {
                Constant::Int(_) => (0..).map(Constant::Int).find(|k| !taken(k)),
                Constant::Char(_) => (b'a'..=b'z').map(Constant::Char).find(|k| !taken(k)),
                Constant::String(_) => ["", "*", "**"].iter().map(|s| Constant::String(s.as_bytes().to_vec())).find(|k| !taken(k)),
                Constant::Float(_) => None,
            };
            candidate.map(Head::Const)
        }
        _ => None,
    }
}

/// A row of values that no row of `rows` matches, if there is one.
fn missing(rows: &[Vec<Pat>], width: usize, decls: &dyn Decls) -> Option<Vec<Witness>> {
    if width == 0 {
        return if rows.is_empty() { Some(Vec::new()) } else { None };
    }
    let hs = heads(rows);
    if let Some(all) = complete(&hs, decls) {
        for h in all {
            let n = h.arity();
            if let Some(w) = missing(&specialize(rows, &h), n + width - 1, decls) {
                let mut out = vec![Witness::Con(h, w[..n].to_vec())];
                out.extend_from_slice(&w[n..]);
                return Some(out);
            }
        }
        return None;
    }
    let rest = missing(&default_rows(rows), width - 1, decls)?;
    let head = match missing_head(&hs, decls) {
        Some(h) => {
            let n = h.arity();
            Witness::Con(h, vec![Witness::Any; n])
        }
        None => Witness::Any,
    };
    let mut out = vec![head];
    out.extend(rest);
    Some(out)
}

/// Whether `v` matches something that no row of `rows` matches.
fn useful(rows: &[Vec<Pat>], v: &[Pat], decls: &dyn Decls) -> bool {
    let Some(first) = v.first() else { return rows.is_empty() };
    match first {
        Pat::Or(alts) => alts.iter().any(|a| {
            let mut w = vec![a.clone()];
            w.extend_from_slice(&v[1..]);
            useful(rows, &w, decls)
        }),
        Pat::Con(h, args) => {
            let mut w = args.clone();
            w.extend_from_slice(&v[1..]);
            useful(&specialize(rows, h), &w, decls)
        }
        Pat::Wild => {
            let hs = heads(rows);
            match complete(&hs, decls) {
                Some(all) => all.iter().any(|h| {
                    let mut w = vec![Pat::Wild; h.arity()];
                    w.extend_from_slice(&v[1..]);
                    useful(&specialize(rows, h), &w, decls)
                }),
                None => useful(&default_rows(rows), &v[1..], decls),
            }
        }
    }
}

impl Checker<'_> {
    fn show_witness(&self, w: &Witness, nested: bool) -> String {
        match w {
            Witness::Any => "_".to_string(),
            Witness::Con(h, args) => {
                let args: Vec<String> = args.iter().map(|a| self.show_witness(a, true)).collect();
                let text = match h {
                    Head::Tuple(_) => return format!("({})", args.join(", ")),
                    Head::Record(d, _) => {
                        let decls = self.decls();
                        let DeclKind::Record(fs) = &decls.decl(*d).kind else { return "_".into() };
                        let fields: Vec<String> = fs.iter().zip(&args).map(|(f, a)| format!("{}={a}", f.name)).collect();
                        return format!("{{{}}}", fields.join("; "));
                    }
                    Head::Const(c) => return show_constant(c),
                    Head::Variant(d, t, _) => {
                        let name = self.constr_name(ConstrRef::Variant { decl: *d, tag: *t });
                        if name == "::" && args.len() == 2 {
                            let s = format!("{}::{}", args[0], args[1]);
                            return if nested { format!("({s})") } else { s };
                        }
                        apply_name(name, &args)
                    }
                    Head::Exn(c, _) => apply_name(self.constr_name(*c), &args),
                };
                if nested && !args.is_empty() {
                    format!("({text})")
                } else {
                    text
                }
            }
        }
    }

    /// Checks a `match`/`function`/`try`: unused cases always, missing ones when `exhaustive`.
    pub fn check_cases(&mut self, cases: &[TCase], _arg: super::types::TypeId, span: Span, exhaustive: bool) {
        let decls = self.decls();
        let mut rows: Vec<Vec<Pat>> = Vec::new();
        let mut unused = Vec::new();
        for c in cases {
            let p = simplify(&c.pat, &decls);
            if !useful(&rows, std::slice::from_ref(&p), &decls) {
                unused.push(c.pat.span);
            }
            if c.guard.is_none() {
                rows.push(vec![p]);
            }
        }
        let witness = if exhaustive { missing(&rows, 1, &decls) } else { None };
        for s in unused {
            self.error(Diagnostic::new(Code::UnusedMatchCase, "this match case is unused", s).with_label("no value reaches this case"));
        }
        if let Some(w) = witness {
            let example = self.show_witness(&w[0], false);
            self.error(
                Diagnostic::new(Code::NonExhaustiveMatch, "this pattern-matching is not exhaustive", span)
                    .with_label(format!("`{example}` is not matched"))
                    .with_note(format!("here is an example of a case that is not matched: {example}")),
            );
        }
    }

    /// Checks that a `let` or `fun` pattern matches every value of its type.
    pub fn check_pattern_exhaustive(&mut self, p: &TPattern) {
        let decls = self.decls();
        let rows = vec![vec![simplify(p, &decls)]];
        let witness = missing(&rows, 1, &decls);
        if let Some(w) = witness {
            let example = self.show_witness(&w[0], false);
            self.error(
                Diagnostic::new(Code::NonExhaustiveMatch, "this pattern-matching is not exhaustive", p.span)
                    .with_label(format!("`{example}` is not matched"))
                    .with_note(format!("here is an example of a case that is not matched: {example}")),
            );
        }
    }
}

fn apply_name(name: String, args: &[String]) -> String {
    match args {
        [] => name,
        [one] => format!("{name} {one}"),
        many => format!("{name} ({})", many.join(", ")),
    }
}

fn show_constant(c: &Constant) -> String {
    match c {
        Constant::Int(i) => i.to_string(),
        Constant::Char(b) => format!("{:?}", *b as char),
        Constant::String(s) => format!("{:?}", String::from_utf8_lossy(s)),
        Constant::Float(f) => f.to_string(),
    }
}
