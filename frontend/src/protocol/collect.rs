//! Finds a module's protocol declarations (`[@@@protocol {| ... |}]`) and the sockets that
//! use them (`[@protocol name]`), in source order: a protocol must be declared before use.

use super::syntax::ProtocolDecl;
use super::validate::{PredicateTyper, ProtocolTable};
use crate::ast::{Attribute, Constant, Expr, ExprKind, Ident, ItemKind, Module};
use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::Diagnostic;
use crate::parser::parse_protocol_declarations;
use anerisc_diag::span::{FileId, Span};
use crate::visit::{walk_expr, Visitor};

/// A `[@protocol name]` attribute on the expression that makes a socket.
#[derive(Debug, Clone, PartialEq)]
pub struct ProtocolUse {
    /// The protocol named.
    pub name: Ident,
    /// The expression the attribute is attached to.
    pub target: Span,
}

/// The protocols of one module: declarations (validated) and uses (resolved).
#[derive(Debug, Clone, Default)]
pub struct ModuleProtocols {
    /// Declarations, by name, in order.
    pub table: ProtocolTable,
    /// Uses whose protocol is declared.
    pub uses: Vec<ProtocolUse>,
}

impl ModuleProtocols {
    /// True when the module neither declares nor uses a protocol.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty() && self.uses.is_empty()
    }
}

/// Collects and validates the protocols of `module`, whose source text is `text` (file `file`).
pub fn collect(module: &Module, file: FileId, text: &str, typer: &dyn PredicateTyper) -> (ModuleProtocols, Vec<Diagnostic>) {
    let mut found = ModuleProtocols::default();
    let mut diagnostics = Vec::new();
    for item in &module.items {
        match &item.kind {
            ItemKind::Attribute(attr) if attr.name.name == "protocol" => match declarations(attr, file, text) {
                Ok(decls) => {
                    for decl in decls {
                        diagnostics.extend(found.table.declare(decl, typer));
                    }
                }
                Err(errors) => diagnostics.extend(errors),
            },
            _ => {
                let mut uses = UseFinder { uses: Vec::new(), diagnostics: Vec::new() };
                uses.visit_item(item);
                diagnostics.extend(uses.diagnostics);
                for u in uses.uses {
                    if found.table.get(&u.name.name).is_some() {
                        found.uses.push(u);
                    } else {
                        diagnostics.push(found.table.unknown(&u.name));
                    }
                }
            }
        }
    }
    (found, diagnostics)
}

/// The declarations written in a `[@@@protocol]` attribute's string.
fn declarations(attr: &Attribute, file: FileId, text: &str) -> Result<Vec<ProtocolDecl>, Vec<Diagnostic>> {
    let not_a_string = || {
        vec![Diagnostic::new(Code::ProtocolSyntax, "a protocol declaration must be a quoted string", attr.span)
            .with_label("expected `{| name = protocol |}` here")
            .with_help("write [@@@protocol {| echo = mu rec. !(s : string). ?(n : int). rec |}]")]
    };
    let Some(payload) = &attr.payload else { return Err(not_a_string()) };
    let ExprKind::Const(Constant::String(_)) = &payload.kind else { return Err(not_a_string()) };
    let raw = text.get(payload.span.range()).unwrap_or_default();
    // The text between the delimiters, and where it starts in the file.
    let (inner, offset) = if raw.starts_with('{') {
        let open = raw.find('|').map_or(1, |i| i + 1);
        (&raw[open..raw.len().saturating_sub(open).max(open)], open)
    } else if raw.starts_with('"') && !raw.contains('\\') && raw.len() >= 2 {
        (&raw[1..raw.len() - 1], 1)
    } else {
        return Err(not_a_string());
    };
    parse_protocol_declarations(file, inner, payload.span.range().start + offset)
}

/// Collects `[@protocol name]` attributes on expressions.
struct UseFinder {
    uses: Vec<ProtocolUse>,
    diagnostics: Vec<Diagnostic>,
}

impl Visitor for UseFinder {
    fn visit_expr(&mut self, e: &Expr) {
        for attr in e.attrs.iter().filter(|a| a.name.name == "protocol") {
            match attr.payload.as_ref().map(|p| &p.kind) {
                Some(ExprKind::Var(path)) if path.modules.is_empty() => {
                    self.uses.push(ProtocolUse { name: path.name.clone(), target: e.span })
                }
                _ => self.diagnostics.push(
                    Diagnostic::new(Code::ProtocolSyntax, "`[@protocol]` takes the name of a declared protocol", attr.span)
                        .with_label("expected `[@protocol name]`")
                        .with_help("declare the protocol with [@@@protocol {| name = ... |}] and name it here"),
                ),
            }
        }
        walk_expr(self, e);
    }
}
