//! Source spans for the checker's reports. The IR keeps only line numbers, so each report
//! finds its span by line in the module's syntax tree: the channel operation, `fork` or
//! `assert` on that line, else the function bound there, else the whole line.

use anerisc_frontend::ast::{Expr, ExprKind, Item, ItemKind, Module, PatternKind};
use anerisc_diag::span::{FileId, SourceFile, Span};
use anerisc_frontend::visit::{walk_expr, walk_item, Visitor};
use std::collections::HashMap;

/// What a report is about, to pick the right expression on a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Anchor {
    /// A call of this library function (`send`, `recv`, `fork`...).
    Call(&'static str),
    /// An `assert`.
    Assert,
    /// A function definition.
    Function,
    /// A call that starts an RPC server (`rpc_start`, `run_server`).
    RpcServe,
    /// A call that connects to an RPC server (`rpc_connect`, `init_client_proxy`).
    RpcConnect,
    /// A request (`rpc_make_request`, `make_request`).
    RpcRequest,
}

/// The spans of one module's interesting expressions, by line.
#[derive(Debug, Default)]
pub struct SpanIndex {
    found: HashMap<(Anchor, usize), Span>,
    lines: Vec<(usize, usize)>,
    file: Option<FileId>,
}

/// The library functions whose calls reports point at.
const CALLS: &[&str] = &["send", "recv", "try_recv", "fork", "connect", "accept", "make_client_skt", "make_server_skt"];

/// The RPC functions whose calls reports point at, with their anchors.
const RPC_CALLS: &[(&str, Anchor)] = &[
    ("rpc_start", Anchor::RpcServe),
    ("run_server", Anchor::RpcServe),
    ("run_server_opt", Anchor::RpcServe),
    ("rpc_connect", Anchor::RpcConnect),
    ("init_client_proxy", Anchor::RpcConnect),
    ("rpc_make_request", Anchor::RpcRequest),
    ("make_request", Anchor::RpcRequest),
];

impl SpanIndex {
    /// Indexes `module`, whose text is `source` (file `file`).
    pub fn build(file: FileId, source: &SourceFile, module: &Module) -> SpanIndex {
        let mut lines = Vec::new();
        let mut start = 0;
        for l in source.text.split_inclusive('\n') {
            lines.push((start, start + l.trim_end().len()));
            start += l.len();
        }
        let mut index = SpanIndex { found: HashMap::new(), lines, file: Some(file) };
        let mut v = Collector { source, found: &mut index.found };
        for item in &module.items {
            v.visit_item(item);
        }
        index
    }

    /// The span for `anchor` on `line`, or the line itself.
    pub fn span(&self, anchor: Anchor, line: Option<u32>) -> Span {
        let file = self.file.unwrap_or(FileId(0));
        let Some(line) = line.map(|l| l as usize) else { return Span::new(file, 0..0) };
        if let Some(s) = self.found.get(&(anchor, line)) {
            return *s;
        }
        match self.lines.get(line.saturating_sub(1)) {
            Some((a, b)) => {
                let text_start = *a;
                Span::new(file, text_start..*b)
            }
            None => Span::new(file, 0..0),
        }
    }
}

struct Collector<'a> {
    source: &'a SourceFile,
    found: &'a mut HashMap<(Anchor, usize), Span>,
}

impl Collector<'_> {
    fn record(&mut self, anchor: Anchor, span: Span) {
        let line = self.source.line_col(span.start as usize).0;
        self.found.entry((anchor, line)).or_insert(span);
    }
}

impl Visitor for Collector<'_> {
    fn visit_item(&mut self, item: &Item) {
        if let ItemKind::Let(_, bindings) = &item.kind {
            for b in bindings {
                if let PatternKind::Var(x) = &b.pat.kind {
                    self.record(Anchor::Function, x.span);
                }
            }
        }
        walk_item(self, item);
    }

    fn visit_expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Apply(f, _) => {
                if let ExprKind::Var(p) = &f.kind {
                    if let Some(name) = CALLS.iter().find(|n| **n == p.name.name) {
                        self.record(Anchor::Call(name), e.span);
                    }
                    if let Some((_, anchor)) = RPC_CALLS.iter().find(|(n, _)| *n == p.name.name) {
                        self.record(*anchor, e.span);
                    }
                }
            }
            ExprKind::Assert(_) => self.record(Anchor::Assert, e.span),
            ExprKind::Let(_, bindings, _) => {
                for b in bindings {
                    if let (PatternKind::Var(x), ExprKind::Fun(..) | ExprKind::Function(..)) = (&b.pat.kind, &b.expr.kind) {
                        self.record(Anchor::Function, x.span);
                    }
                }
            }
            _ => {}
        }
        walk_expr(self, e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_send_on_its_line_and_falls_back_to_the_line() {
        let text = "let f c =\n  let x = 1 in\n  send c (x + 1)\n";
        let src = SourceFile::new("t.ml", text);
        let module = anerisc_frontend::parser::parse_implementation(FileId(0), text).expect("parses");
        let index = SpanIndex::build(FileId(0), &src, &module);
        let s = index.span(Anchor::Call("send"), Some(3));
        assert_eq!(&text[s.range()], "send c (x + 1)");
        let l = index.span(Anchor::Assert, Some(2));
        assert_eq!(&text[l.range()], "  let x = 1 in");
        let f = index.span(Anchor::Function, Some(1));
        assert_eq!(&text[f.range()], "f");
    }
}
