//! A read-only walk over the syntax tree. Passes that only need to look at some nodes
//! (module dependencies, attributes) override the `visit_*` methods they care about and call
//! the matching `walk_*` function to keep descending.

use crate::ast::*;

/// Visits every node of a syntax tree; each method's default just walks the children.
pub trait Visitor {
    /// Called for every expression.
    fn visit_expr(&mut self, e: &Expr) {
        walk_expr(self, e)
    }
    /// Called for every pattern.
    fn visit_pattern(&mut self, p: &Pattern) {
        walk_pattern(self, p)
    }
    /// Called for every type expression.
    fn visit_type(&mut self, t: &TypeExpr) {
        walk_type(self, t)
    }
    /// Called for every path: values, constructors, fields, types, opened modules.
    fn visit_path(&mut self, _path: &Path) {}
    /// Called for every attribute, wherever it is attached.
    fn visit_attribute(&mut self, a: &Attribute) {
        if let Some(payload) = &a.payload {
            self.visit_expr(payload);
        }
    }
    /// Called for every item.
    fn visit_item(&mut self, item: &Item) {
        walk_item(self, item)
    }
}

/// Visits every item of a module.
pub fn walk_module<V: Visitor + ?Sized>(v: &mut V, m: &Module) {
    for item in &m.items {
        v.visit_item(item);
    }
}

/// Visits the children of an item.
pub fn walk_item<V: Visitor + ?Sized>(v: &mut V, item: &Item) {
    match &item.kind {
        ItemKind::Let(_, bindings) => walk_bindings(v, bindings),
        ItemKind::Expr(e) => v.visit_expr(e),
        ItemKind::Type(decls) => {
            for d in decls {
                match &d.kind {
                    TypeDeclKind::Abstract => {}
                    TypeDeclKind::Alias(t) => v.visit_type(t),
                    TypeDeclKind::Variant(cs) => cs.iter().flat_map(|c| &c.args).for_each(|t| v.visit_type(t)),
                    TypeDeclKind::Record(fs) => fs.iter().for_each(|f| v.visit_type(&f.ty)),
                }
            }
        }
        ItemKind::Exception(c) => c.args.iter().for_each(|t| v.visit_type(t)),
        ItemKind::Open(p) => v.visit_path(p),
        ItemKind::Attribute(a) => v.visit_attribute(a),
        ItemKind::Val(_, t) | ItemKind::External(_, t, _) => v.visit_type(t),
    }
}

fn walk_bindings<V: Visitor + ?Sized>(v: &mut V, bindings: &[Binding]) {
    for b in bindings {
        v.visit_pattern(&b.pat);
        v.visit_expr(&b.expr);
        b.attrs.iter().for_each(|a| v.visit_attribute(a));
    }
}

fn walk_cases<V: Visitor + ?Sized>(v: &mut V, cases: &[Case]) {
    for c in cases {
        v.visit_pattern(&c.pat);
        if let Some(g) = &c.guard {
            v.visit_expr(g);
        }
        v.visit_expr(&c.body);
    }
}

/// Visits the children of an expression (and its attributes).
pub fn walk_expr<V: Visitor + ?Sized>(v: &mut V, e: &Expr) {
    e.attrs.iter().for_each(|a| v.visit_attribute(a));
    match &e.kind {
        ExprKind::Var(p) => v.visit_path(p),
        ExprKind::Const(_) => {}
        ExprKind::Construct(p, arg) => {
            v.visit_path(p);
            if let Some(a) = arg {
                v.visit_expr(a);
            }
        }
        ExprKind::Tuple(es) => es.iter().for_each(|e| v.visit_expr(e)),
        ExprKind::Apply(f, args) => {
            v.visit_expr(f);
            args.iter().for_each(|e| v.visit_expr(e));
        }
        ExprKind::Fun(params, body) => {
            params.iter().for_each(|p| v.visit_pattern(p));
            v.visit_expr(body);
        }
        ExprKind::Function(cases) => walk_cases(v, cases),
        ExprKind::Let(_, bindings, body) => {
            walk_bindings(v, bindings);
            v.visit_expr(body);
        }
        ExprKind::LetOpen(p, body) => {
            v.visit_path(p);
            v.visit_expr(body);
        }
        ExprKind::Match(scrutinee, cases) | ExprKind::Try(scrutinee, cases) => {
            v.visit_expr(scrutinee);
            walk_cases(v, cases);
        }
        ExprKind::If(c, t, f) => {
            v.visit_expr(c);
            v.visit_expr(t);
            if let Some(f) = f {
                v.visit_expr(f);
            }
        }
        ExprKind::Sequence(a, b) | ExprKind::While(a, b) | ExprKind::ArrayGet(a, b) => {
            v.visit_expr(a);
            v.visit_expr(b);
        }
        ExprKind::For(_, from, _, to, body) => {
            v.visit_expr(from);
            v.visit_expr(to);
            v.visit_expr(body);
        }
        ExprKind::Record(fields, base) => {
            if let Some(b) = base {
                v.visit_expr(b);
            }
            for (p, e) in fields {
                v.visit_path(p);
                v.visit_expr(e);
            }
        }
        ExprKind::Field(e, p) => {
            v.visit_expr(e);
            v.visit_path(p);
        }
        ExprKind::Constraint(e, t) => {
            v.visit_expr(e);
            v.visit_type(t);
        }
        ExprKind::Assert(e) => v.visit_expr(e),
    }
}

/// Visits the children of a pattern.
pub fn walk_pattern<V: Visitor + ?Sized>(v: &mut V, p: &Pattern) {
    match &p.kind {
        PatternKind::Any | PatternKind::Var(_) | PatternKind::Const(_) => {}
        PatternKind::Tuple(ps) => ps.iter().for_each(|p| v.visit_pattern(p)),
        PatternKind::Construct(path, arg) => {
            v.visit_path(path);
            if let Some(a) = arg {
                v.visit_pattern(a);
            }
        }
        PatternKind::Record(fields, _) => {
            for (path, p) in fields {
                v.visit_path(path);
                v.visit_pattern(p);
            }
        }
        PatternKind::Alias(p, _) => v.visit_pattern(p),
        PatternKind::Or(a, b) => {
            v.visit_pattern(a);
            v.visit_pattern(b);
        }
        PatternKind::Constraint(p, t) => {
            v.visit_pattern(p);
            v.visit_type(t);
        }
    }
}

/// Visits the children of a type expression.
pub fn walk_type<V: Visitor + ?Sized>(v: &mut V, t: &TypeExpr) {
    match &t.kind {
        TypeExprKind::Var(_) | TypeExprKind::Any => {}
        TypeExprKind::Arrow(a, b) => {
            v.visit_type(a);
            v.visit_type(b);
        }
        TypeExprKind::Tuple(ts) => ts.iter().for_each(|t| v.visit_type(t)),
        TypeExprKind::Constr(p, args) => {
            v.visit_path(p);
            args.iter().for_each(|t| v.visit_type(t));
        }
    }
}
