//! Pattern matching compiled to decision trees (Maranget's "compiling pattern matching to
//! good decision trees", first-column heuristic): each test switches once on a constructor
//! tag or constant, the rows that survive are specialised, and no value is tested twice on
//! any path. Or-patterns split rows; guards fall through to the next rows.

use super::builder::Builder;
use super::types::CtorRepr;
use super::{Lowered, Lowerer, ModCx};
use crate::ir::*;
use crate::prim::Prim;
use anerisc_frontend::ast::Constant;
use anerisc_diag::span::{FileId, Span};
use anerisc_frontend::typed::*;
use anerisc_frontend::typing::types::TypeId;

/// A wildcard, for columns a row does not constrain.
static WILD: TPattern = TPattern { kind: TPatternKind::Any, ty: TypeId(0), span: Span { file: FileId(0), start: 0, end: 0 } };

/// What happens when no row matches.
#[derive(Clone, Copy)]
pub enum Fail {
    /// Raise `Match_failure` with the position of this span.
    MatchFailure(Span),
    /// Raise this exception again (the cases of a `try`).
    Reraise(Var),
}

#[derive(Clone)]
struct Row<'t> {
    pats: Vec<&'t TPattern>,
    binds: Vec<(LocalId, Var)>,
    guard: Option<&'t TExpr>,
    action: usize,
}

/// The target of each case: a block whose parameters are the case's pattern variables.
struct Actions {
    vars: Vec<Vec<(LocalId, String, TypeId)>>,
    blocks: Vec<Option<BlockId>>,
}

/// The variables a pattern binds, in a fixed order (left to right, first alternative).
pub fn pattern_vars(p: &TPattern, out: &mut Vec<(LocalId, String, TypeId)>) {
    match &p.kind {
        TPatternKind::Any | TPatternKind::Const(_) => {}
        TPatternKind::Var(id, name) => out.push((*id, name.clone(), p.ty)),
        TPatternKind::Tuple(ps) | TPatternKind::Construct(_, ps) => ps.iter().for_each(|p| pattern_vars(p, out)),
        TPatternKind::Record(_, fs) => fs.iter().for_each(|(_, p)| pattern_vars(p, out)),
        TPatternKind::Alias(p, id, name) => {
            out.push((*id, name.clone(), p.ty));
            pattern_vars(p, out);
        }
        TPatternKind::Or(a, _) => pattern_vars(a, out),
    }
}

/// A test's head: what one switch case stands for.
#[derive(Clone, PartialEq)]
enum Head {
    Ctor(u32),
    Exn(anerisc_frontend::typing::decls::ExnId),
    Const(Constant),
}

impl Lowerer {
    /// Matches `scrutinee` against `cases`; returns the value of the chosen case's body.
    pub(super) fn compile_match(&mut self, m: &mut ModCx, b: &mut Builder, scrutinee: Var, cases: &[TCase], result: Ty, fail: Fail) -> Lowered<Var> {
        let rows = cases
            .iter()
            .enumerate()
            .map(|(i, c)| Row { pats: vec![&c.pat], binds: Vec::new(), guard: c.guard.as_ref(), action: i })
            .collect();
        let mut actions = Actions { vars: cases.iter().map(|c| vars_of(&c.pat)).collect(), blocks: vec![None; cases.len()] };
        self.tree(m, b, rows, vec![scrutinee], &mut actions, fail)?;
        let (join, params) = b.block(&[result]);
        for (i, case) in cases.iter().enumerate() {
            let Some(block) = actions.blocks[i] else { continue };
            b.switch_to(block);
            let params = b.func.blocks[block.0 as usize].params.clone();
            for ((id, _, _), v) in actions.vars[i].iter().zip(params) {
                b.locals.insert(*id, v);
            }
            let v = self.expr(m, b, &case.body)?;
            b.jump_to(join, vec![v]);
        }
        b.switch_to(join);
        Ok(params[0])
    }

    /// Binds the variables of `pat` to the parts of `v` (raising `Match_failure` when a
    /// refutable pattern does not match).
    pub(super) fn bind_pattern(&mut self, m: &mut ModCx, b: &mut Builder, v: Var, pat: &TPattern) -> Lowered<()> {
        if let TPatternKind::Var(id, name) = &pat.kind {
            b.func.vars[v.0 as usize].name.get_or_insert_with(|| name.clone());
            b.locals.insert(*id, v);
            return Ok(());
        }
        let row = Row { pats: vec![pat], binds: Vec::new(), guard: None, action: 0 };
        let mut actions = Actions { vars: vec![vars_of(pat)], blocks: vec![None] };
        self.tree(m, b, vec![row], vec![v], &mut actions, Fail::MatchFailure(pat.span))?;
        let block = actions.blocks[0].ok_or_else(|| super::unsupported("a pattern that can never match"))?;
        b.switch_to(block);
        let params = b.func.blocks[block.0 as usize].params.clone();
        for ((id, _, _), v) in actions.vars[0].iter().zip(params) {
            b.locals.insert(*id, v);
        }
        Ok(())
    }

    fn fail(&mut self, m: &mut ModCx, b: &mut Builder, fail: Fail) {
        match fail {
            Fail::Reraise(e) => {
                b.emit(Ty::Any, InstKind::Prim(Prim::Raise, vec![e]), None);
            }
            Fail::MatchFailure(span) => {
                let (file, line, col) = m.position(span);
                let f = b.emit(Ty::Str, InstKind::Const(Const::Str(file.into_bytes())), None);
                let l = b.emit(Ty::Int, InstKind::Const(Const::Int(line)), None);
                let c = b.emit(Ty::Int, InstKind::Const(Const::Int(col)), None);
                b.emit(Ty::Any, InstKind::Prim(Prim::MatchFailure, vec![f, l, c]), m.span(span));
            }
        }
        b.terminate(Terminator::Unreachable);
    }

    fn tree<'t>(&mut self, m: &mut ModCx, b: &mut Builder, rows: Vec<Row<'t>>, occs: Vec<Var>, actions: &mut Actions, fail: Fail) -> Lowered<()> {
        let Some(first) = rows.first() else {
            self.fail(m, b, fail);
            return Ok(());
        };
        // The first column where the first row tests something.
        let column = (0..occs.len()).find(|&c| !is_wild(first.pats[c], &m.view));
        let Some(c) = column else {
            return self.row_matches(m, b, rows, occs, actions, fail);
        };
        let rows = normalise(rows, c, occs[c], &m.view);
        let head_pat = rows.iter().map(|r| r.pats[c]).find(|p| !is_wild(p, &m.view)).unwrap_or(&WILD);
        match &head_pat.kind {
            TPatternKind::Tuple(ps) => {
                let n = ps.len();
                self.split_product(m, b, rows, occs, c, n, actions, fail)
            }
            TPatternKind::Record(decl, _) => {
                let n = m.view.field_count(*decl);
                self.split_product(m, b, rows, occs, c, n, actions, fail)
            }
            _ => self.split_sum(m, b, rows, occs, c, actions, fail),
        }
    }

    /// The first row matches whatever is left: check its guard, go to its action.
    fn row_matches<'t>(&mut self, m: &mut ModCx, b: &mut Builder, mut rows: Vec<Row<'t>>, occs: Vec<Var>, actions: &mut Actions, fail: Fail) -> Lowered<()> {
        let mut row = rows.remove(0);
        for (p, v) in row.pats.iter().zip(&occs) {
            collect_binds(p, *v, &mut row.binds);
        }
        for (id, v) in &row.binds {
            b.locals.insert(*id, *v);
        }
        let args: Vec<Var> = actions.vars[row.action]
            .iter()
            .map(|(id, name, _)| row.binds.iter().find(|(i, _)| i == id).map(|(_, v)| *v).ok_or_else(|| super::unsupported(format!("or-pattern alternatives binding different variables (`{name}`)"))))
            .collect::<Lowered<_>>()?;
        let target = match actions.blocks[row.action] {
            Some(t) => t,
            None => {
                let tys: Vec<Ty> = actions.vars[row.action].iter().map(|(_, _, t)| m.view.ty(*t)).collect();
                let (t, params) = b.block(&tys);
                for ((_, name, _), p) in actions.vars[row.action].iter().zip(&params) {
                    b.func.vars[p.0 as usize].name = Some(name.clone());
                }
                actions.blocks[row.action] = Some(t);
                t
            }
        };
        match row.guard {
            None => {
                b.terminate(Terminator::Jump(Target { block: target, args }));
                Ok(())
            }
            Some(g) => {
                let cond = self.expr(m, b, g)?;
                let (no, _) = b.block(&[]);
                b.terminate(Terminator::Branch(cond, Target { block: target, args }, Target { block: no, args: vec![] }));
                b.switch_to(no);
                self.tree(m, b, rows, occs, actions, fail)
            }
        }
    }

    /// Column `c` holds tuples or records of `n` components: replace it by its components.
    #[allow(clippy::too_many_arguments)]
    fn split_product<'t>(&mut self, m: &mut ModCx, b: &mut Builder, rows: Vec<Row<'t>>, occs: Vec<Var>, c: usize, n: usize, actions: &mut Actions, fail: Fail) -> Lowered<()> {
        let expanded: Vec<Row<'t>> = rows
            .into_iter()
            .map(|mut r| {
                let parts = components(r.pats[c], n);
                r.pats.splice(c..=c, parts);
                r
            })
            .collect();
        let fields = self.extract(m, b, &expanded, occs[c], c, n, |v, i| InstKind::Field(v, i as u32));
        let mut new_occs = occs;
        new_occs.splice(c..=c, fields);
        self.tree(m, b, expanded, new_occs, actions, fail)
    }

    /// Emits the extraction of `n` parts of `v` (typed from the rows' patterns at `c..c+n`).
    #[allow(clippy::too_many_arguments)]
    fn extract(&mut self, m: &mut ModCx, b: &mut Builder, rows: &[Row], v: Var, c: usize, n: usize, make: impl Fn(Var, usize) -> InstKind) -> Vec<Var> {
        (0..n)
            .map(|i| {
                let ty = rows.iter().map(|r| r.pats[c + i]).find(|p| !std::ptr::eq(*p, &WILD)).map_or(Ty::Any, |p| m.view.ty(p.ty));
                b.emit(ty, make(v, i), None)
            })
            .collect()
    }

    /// Column `c` holds constructors, exceptions or constants: switch on them.
    #[allow(clippy::too_many_arguments)]
    fn split_sum<'t>(&mut self, m: &mut ModCx, b: &mut Builder, rows: Vec<Row<'t>>, occs: Vec<Var>, c: usize, actions: &mut Actions, fail: Fail) -> Lowered<()> {
        let mut heads: Vec<(Head, usize, &'t TPattern)> = Vec::new();
        let mut variant = None;
        for r in &rows {
            let p = r.pats[c];
            let (head, arity) = match &p.kind {
                TPatternKind::Construct(ConstrRef::Variant { decl, tag }, args) => {
                    variant = Some(*decl);
                    (Head::Ctor(*tag), args.len())
                }
                TPatternKind::Construct(ConstrRef::Exception(e), args) => (Head::Exn(*e), args.len()),
                TPatternKind::Const(k) => (Head::Const(k.clone()), 0),
                _ => continue,
            };
            if !heads.iter().any(|(h, _, _)| *h == head) {
                heads.push((head, arity, p));
            }
        }
        let exhaustive = variant.is_some_and(|d| heads.len() == m.view.ctor_count(d));
        let scrutinee = occs[c];
        let mut cases = Vec::new();
        let mut bodies = Vec::new();
        for (head, arity, _) in &heads {
            let key = match head {
                Head::Ctor(tag) => match variant.map(|d| m.view.ctor(d, *tag)) {
                    Some(CtorRepr::Bool(v)) => Key::Imm(v as i64),
                    Some(CtorRepr::Unit) | None => Key::Imm(0),
                    Some(CtorRepr::Imm(k)) => Key::Imm(k),
                    Some(CtorRepr::Block(t, _)) => Key::Tag(t),
                },
                Head::Exn(e) => Key::Exn(self.exception(&m.view, *e)),
                Head::Const(Constant::Int(n)) => Key::Imm(*n),
                Head::Const(Constant::Char(ch)) => Key::Imm(*ch as i64),
                Head::Const(Constant::String(s)) => Key::Str(s.clone()),
                Head::Const(Constant::Float(x)) => Key::Float(*x),
            };
            let (block, _) = b.block(&[]);
            cases.push((key, block));
            bodies.push((head.clone(), *arity, block));
        }
        let default = if exhaustive { None } else { Some(b.block(&[]).0) };
        b.terminate(Terminator::Switch { value: scrutinee, cases, default });
        for (head, arity, block) in bodies {
            b.switch_to(block);
            let specialised: Vec<Row<'t>> = rows
                .iter()
                .filter_map(|r| {
                    let p = r.pats[c];
                    let parts = match &p.kind {
                        TPatternKind::Construct(ConstrRef::Variant { tag, .. }, args) if head == Head::Ctor(*tag) => args.iter().collect(),
                        TPatternKind::Construct(ConstrRef::Exception(e), args) if head == Head::Exn(*e) => args.iter().collect(),
                        TPatternKind::Const(k) if head == Head::Const(k.clone()) => Vec::new(),
                        _ if is_wild(p, &m.view) => vec![&WILD; arity],
                        _ => return None,
                    };
                    let mut r = r.clone();
                    r.pats.splice(c..=c, parts);
                    Some(r)
                })
                .collect();
            let parts = match head {
                Head::Exn(_) => self.extract(m, b, &specialised, scrutinee, c, arity, |v, i| InstKind::ExnArg(v, i as u32)),
                _ => self.extract(m, b, &specialised, scrutinee, c, arity, |v, i| InstKind::Field(v, i as u32)),
            };
            let mut new_occs = occs.clone();
            new_occs.splice(c..=c, parts);
            self.tree(m, b, specialised, new_occs, actions, fail)?;
        }
        if let Some(d) = default {
            b.switch_to(d);
            let rest: Vec<Row<'t>> = rows
                .into_iter()
                .filter(|r| is_wild(r.pats[c], &m.view))
                .map(|mut r| {
                    r.pats.remove(c);
                    r
                })
                .collect();
            let mut new_occs = occs;
            new_occs.remove(c);
            self.tree(m, b, rest, new_occs, actions, fail)?;
        }
        Ok(())
    }
}

fn vars_of(p: &TPattern) -> Vec<(LocalId, String, TypeId)> {
    let mut v = Vec::new();
    pattern_vars(p, &mut v);
    v
}

/// True for patterns that match anything (variables, `_`, `()`, and aliases of those).
fn is_wild(p: &TPattern, view: &super::TypeView) -> bool {
    match &p.kind {
        TPatternKind::Any | TPatternKind::Var(..) => true,
        TPatternKind::Alias(p, _, _) => is_wild(p, view),
        TPatternKind::Construct(ConstrRef::Variant { decl, tag }, _) => view.ctor(*decl, *tag) == CtorRepr::Unit,
        _ => false,
    }
}

/// The variables a wildcard-like pattern binds to `v`.
fn collect_binds(p: &TPattern, v: Var, out: &mut Vec<(LocalId, Var)>) {
    match &p.kind {
        TPatternKind::Var(id, _) => out.push((*id, v)),
        TPatternKind::Alias(p, id, _) => {
            out.push((*id, v));
            collect_binds(p, v, out);
        }
        _ => {}
    }
}

/// Rows with column `c` stripped of variables and aliases (bound to `occ`) and or-patterns
/// split into one row per alternative.
fn normalise<'t>(rows: Vec<Row<'t>>, c: usize, occ: Var, view: &super::TypeView) -> Vec<Row<'t>> {
    let mut out = Vec::new();
    let mut work: Vec<Row<'t>> = rows.into_iter().rev().collect();
    while let Some(mut r) = work.pop() {
        match &r.pats[c].kind {
            TPatternKind::Alias(p, id, _) => {
                r.binds.push((*id, occ));
                r.pats[c] = p;
                work.push(r);
            }
            TPatternKind::Var(id, _) => {
                r.binds.push((*id, occ));
                r.pats[c] = &WILD;
                out.push(r);
            }
            TPatternKind::Or(a, bb) => {
                let mut second = r.clone();
                second.pats[c] = bb;
                r.pats[c] = a;
                work.push(second);
                work.push(r);
            }
            _ if is_wild(r.pats[c], view) => {
                r.pats[c] = &WILD;
                out.push(r);
            }
            _ => out.push(r),
        }
    }
    out
}

/// The `n` components of a tuple or record pattern (wildcards for a wildcard).
fn components(p: &TPattern, n: usize) -> Vec<&TPattern> {
    match &p.kind {
        TPatternKind::Tuple(ps) => ps.iter().collect(),
        TPatternKind::Record(_, fields) => {
            let mut parts = vec![&WILD; n];
            for (f, p) in fields {
                if let Some(slot) = parts.get_mut(f.index as usize) {
                    *slot = p;
                }
            }
            parts
        }
        _ => vec![&WILD; n],
    }
}
