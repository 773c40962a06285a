//! The source locals an expression uses without binding them itself (what a closure made
//! from it captures). Locals are unique within a module, so this is "used minus bound".

use anerisc_frontend::typed::*;
use std::collections::HashSet;

/// The free locals of the given expressions, in order of first use, with their names.
pub fn free_locals(exprs: &[&TExpr], params: &[&TPattern]) -> Vec<(LocalId, String)> {
    let mut w = Walk { used: Vec::new(), seen: HashSet::new(), bound: HashSet::new() };
    for p in params {
        w.pattern(p);
    }
    for e in exprs {
        w.expr(e);
    }
    let bound = w.bound;
    w.used.into_iter().filter(|(id, _)| !bound.contains(id)).collect()
}

struct Walk {
    used: Vec<(LocalId, String)>,
    seen: HashSet<LocalId>,
    bound: HashSet<LocalId>,
}

impl Walk {
    fn pattern(&mut self, p: &TPattern) {
        match &p.kind {
            TPatternKind::Any | TPatternKind::Const(_) => {}
            TPatternKind::Var(id, _) => {
                self.bound.insert(*id);
            }
            TPatternKind::Tuple(ps) | TPatternKind::Construct(_, ps) => ps.iter().for_each(|p| self.pattern(p)),
            TPatternKind::Record(_, fs) => fs.iter().for_each(|(_, p)| self.pattern(p)),
            TPatternKind::Alias(p, id, _) => {
                self.bound.insert(*id);
                self.pattern(p);
            }
            TPatternKind::Or(a, b) => {
                self.pattern(a);
                self.pattern(b);
            }
        }
    }

    fn cases(&mut self, cases: &[TCase]) {
        for c in cases {
            self.pattern(&c.pat);
            if let Some(g) = &c.guard {
                self.expr(g);
            }
            self.expr(&c.body);
        }
    }

    fn expr(&mut self, e: &TExpr) {
        match &e.kind {
            TExprKind::Var(ValueRef::Local(id, name)) => {
                if self.seen.insert(*id) {
                    self.used.push((*id, name.clone()));
                }
            }
            TExprKind::Var(ValueRef::Global { .. }) | TExprKind::Const(_) | TExprKind::Printf(..) => {}
            TExprKind::Construct(_, es) | TExprKind::Tuple(es) => es.iter().for_each(|e| self.expr(e)),
            TExprKind::Apply(f, args) => {
                self.expr(f);
                args.iter().for_each(|e| self.expr(e));
            }
            TExprKind::Fun(ps, body) => {
                ps.iter().for_each(|p| self.pattern(p));
                self.expr(body);
            }
            TExprKind::Function(cases) => self.cases(cases),
            TExprKind::Let(_, bs, body) => {
                for b in bs {
                    self.pattern(&b.pat);
                    self.expr(&b.expr);
                }
                self.expr(body);
            }
            TExprKind::Match(s, cases) | TExprKind::Try(s, cases) => {
                self.expr(s);
                self.cases(cases);
            }
            TExprKind::If(c, a, b) => {
                self.expr(c);
                self.expr(a);
                if let Some(b) = b {
                    self.expr(b);
                }
            }
            TExprKind::Sequence(a, b) | TExprKind::While(a, b) | TExprKind::ArrayGet(a, b) => {
                self.expr(a);
                self.expr(b);
            }
            TExprKind::For(id, a, _, b, body) => {
                self.bound.insert(*id);
                self.expr(a);
                self.expr(b);
                self.expr(body);
            }
            TExprKind::Record(_, fs, base) => {
                fs.iter().flatten().for_each(|e| self.expr(e));
                if let Some(b) = base {
                    self.expr(b);
                }
            }
            TExprKind::Field(e, _) | TExprKind::Assert(e) => self.expr(e),
        }
    }
}
