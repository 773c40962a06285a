//! The modules a file refers to, as `ocamldep` finds them: the first qualifier of every
//! qualified name and every opened module.

use crate::ast::{Expr, ExprKind, Ident, Item, ItemKind, Module, Path};
use crate::visit::{walk_expr, walk_item, walk_module, Visitor};

/// Every module name a file mentions, each with the span of its first mention, in order of
/// first mention.
pub fn referenced_modules(module: &Module) -> Vec<Ident> {
    let mut collector = Collector { found: Vec::new() };
    walk_module(&mut collector, module);
    collector.found
}

struct Collector {
    found: Vec<Ident>,
}

impl Collector {
    fn add(&mut self, module: &Ident) {
        if !self.found.iter().any(|m| m.name == module.name) {
            self.found.push(module.clone());
        }
    }

    /// `open M` and `let open M in` name the module itself: its outermost part is the dependency.
    fn add_opened(&mut self, path: &Path) {
        self.add(path.modules.first().unwrap_or(&path.name));
    }
}

impl Visitor for Collector {
    fn visit_path(&mut self, path: &Path) {
        if let Some(first) = path.modules.first() {
            self.add(first);
        }
    }

    fn visit_item(&mut self, item: &Item) {
        match &item.kind {
            ItemKind::Open(path) => self.add_opened(path),
            _ => walk_item(self, item),
        }
    }

    fn visit_expr(&mut self, e: &Expr) {
        if let ExprKind::LetOpen(path, _) = &e.kind {
            self.add_opened(path);
        }
        walk_expr(self, e);
    }
}
