//! The one integer literal the lexer cannot judge alone: `4611686018427387904` is `min_int`
//! after a unary minus and out of range anywhere else.

use super::literal::INT_LIMIT;
use crate::ast::{Constant, Expr, ExprKind, Module, Pattern, PatternKind};
use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::Diagnostic;
use anerisc_diag::span::Span;
use crate::visit::{walk_expr, walk_module, walk_pattern, Visitor};

/// E0004 for every `4611686018427387904` literal that was not negated.
pub(crate) fn unnegated_int_limit(module: &Module) -> Vec<Diagnostic> {
    let mut finder = Finder(Vec::new());
    walk_module(&mut finder, module);
    finder.0
}

/// E0004 for `e` and its subexpressions.
pub(crate) fn unnegated_int_limit_in_expr(e: &Expr) -> Vec<Diagnostic> {
    let mut finder = Finder(Vec::new());
    finder.visit_expr(e);
    finder.0
}

/// Collects the offending literals.
struct Finder(Vec<Diagnostic>);

impl Finder {
    fn report(&mut self, span: Span) {
        self.0.push(
            Diagnostic::new(Code::InvalidLiteral, format!("integer literal `{INT_LIMIT}` exceeds the range of `int`"), span)
                .with_label("the largest `int` is 4611686018427387903")
                .with_help("only `-4611686018427387904` (that is, `min_int`) may be written with this magnitude"),
        );
    }
}

impl Visitor for Finder {
    fn visit_expr(&mut self, e: &Expr) {
        if e.kind == ExprKind::Const(Constant::Int(INT_LIMIT)) {
            self.report(e.span);
        }
        walk_expr(self, e);
    }

    fn visit_pattern(&mut self, p: &Pattern) {
        if p.kind == PatternKind::Const(Constant::Int(INT_LIMIT)) {
            self.report(p.span);
        }
        walk_pattern(self, p);
    }
}
