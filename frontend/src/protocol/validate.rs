//! Validation of protocol declarations: names resolved (recursion variables, earlier
//! protocols inlined), binders in scope in predicates, message types that serializers can
//! produce, and predicates that are well-typed booleans.

use super::syntax::{Protocol, ProtocolDecl, ProtocolKind, Step};
use crate::ast::{Expr, Ident, TypeExpr, TypeExprKind};
use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::Diagnostic;
use crate::names::suggest;
use crate::visit::{walk_expr, Visitor};
use std::collections::HashMap;

/// Type-checks a predicate in an environment of binders; supplied by the type checker.
pub trait PredicateTyper {
    /// Checks that `pred` is a `bool` when each binder has its declared type; returns the
    /// problems found (empty when the predicate is well-typed).
    fn check_predicate(&self, pred: &Expr, binders: &[(Ident, TypeExpr)]) -> Vec<Diagnostic>;
}

/// Declarations already validated, by name, with earlier names inlined into their bodies.
#[derive(Debug, Default, Clone)]
pub struct ProtocolTable {
    declared: HashMap<String, ProtocolDecl>,
    order: Vec<String>,
}

impl ProtocolTable {
    /// The validated declaration named `name`.
    pub fn get(&self, name: &str) -> Option<&ProtocolDecl> {
        self.declared.get(name)
    }

    /// Declarations in the order they were written.
    pub fn iter(&self) -> impl Iterator<Item = &ProtocolDecl> {
        self.order.iter().map(|n| &self.declared[n])
    }

    /// True when nothing is declared.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Validates `decl` against the declarations so far and adds it; returns the problems.
    pub fn declare(&mut self, decl: ProtocolDecl, typer: &dyn PredicateTyper) -> Vec<Diagnostic> {
        if let Some(previous) = self.declared.get(&decl.name.name) {
            return vec![Diagnostic::new(
                Code::DuplicateProtocol,
                format!("protocol `{}` is declared twice", decl.name.name),
                decl.name.span,
            )
            .with_label("declared again here")
            .with_secondary(previous.name.span, "first declared here")
            .with_help("rename one of the two protocols")];
        }
        let (body, diagnostics) = self.resolve(&decl.body, typer);
        let name = decl.name.name.clone();
        self.order.push(name.clone());
        self.declared.insert(name, ProtocolDecl { body, ..decl });
        diagnostics
    }

    /// Validates a protocol written in place (an attribute's string) and returns it resolved.
    pub fn resolve(&self, protocol: &Protocol, typer: &dyn PredicateTyper) -> (Protocol, Vec<Diagnostic>) {
        let mut resolver = Resolver { table: self, typer, recursion: Vec::new(), binders: Vec::new(), diagnostics: Vec::new() };
        let resolved = resolver.protocol(protocol);
        (resolved, resolver.diagnostics)
    }

    /// The diagnostic for `[@protocol name]` naming nothing declared.
    pub fn unknown(&self, name: &Ident) -> Diagnostic {
        let d = Diagnostic::new(Code::UnknownProtocol, format!("unknown protocol `{}`", name.name), name.span)
            .with_label("no protocol of this name is declared before this point");
        match suggest(&name.name, self.order.iter().map(String::as_str)) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(format!(
                "declare it first: [@@@protocol {{| {} = ... |}}]",
                name.name
            )),
        }
    }
}

struct Resolver<'a> {
    table: &'a ProtocolTable,
    typer: &'a dyn PredicateTyper,
    recursion: Vec<String>,
    binders: Vec<(Ident, TypeExpr)>,
    diagnostics: Vec<Diagnostic>,
}

impl Resolver<'_> {
    fn protocol(&mut self, p: &Protocol) -> Protocol {
        let kind = match &p.kind {
            ProtocolKind::End => ProtocolKind::End,
            ProtocolKind::Mu(var, body) => {
                self.recursion.push(var.name.clone());
                let body = self.protocol(body);
                self.recursion.pop();
                ProtocolKind::Mu(var.clone(), Box::new(body))
            }
            ProtocolKind::Name(name) if self.recursion.contains(&name.name) => ProtocolKind::Name(name.clone()),
            ProtocolKind::Name(name) => match self.table.get(&name.name) {
                // Declared bodies are already resolved and closed: inline them as they are.
                Some(decl) => return Protocol { kind: decl.body.kind.clone(), span: p.span },
                None => {
                    let mut d = self.table.unknown(name);
                    if !self.recursion.is_empty() {
                        d = d.with_note(format!(
                            "recursion variables in scope here: {}",
                            self.recursion.join(", ")
                        ));
                    }
                    self.diagnostics.push(d);
                    ProtocolKind::End
                }
            },
            ProtocolKind::Step(step) => ProtocolKind::Step(self.step(step)),
        };
        Protocol { kind, span: p.span }
    }

    fn step(&mut self, step: &Step) -> Step {
        self.check_message_type(&step.ty);
        self.binders.push((step.binder.clone(), qualify_alist(&step.ty)));
        if let Some(pred) = &step.pred {
            self.check_predicate(pred);
        }
        let next = self.protocol(&step.next);
        self.binders.pop();
        Step { next: Box::new(next), ..step.clone() }
    }

    fn check_predicate(&mut self, pred: &Expr) {
        let mut free = FreeNames { bound: Vec::new(), free: Vec::new() };
        free.visit_expr(pred);
        let mut scope_ok = true;
        for name in free.free {
            if !self.binders.iter().any(|(b, _)| b.name == name.name) {
                scope_ok = false;
                let candidates = self.binders.iter().map(|(b, _)| b.name.as_str());
                let d = Diagnostic::new(
                    Code::ProtocolUnboundName,
                    format!("`{}` is not a binder of an earlier step", name.name),
                    name.span,
                )
                .with_label("not in scope in this predicate");
                self.diagnostics.push(match suggest(&name.name, candidates) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help("a predicate may name only the binders of its own and earlier steps"),
                });
            }
        }
        if scope_ok {
            let mut binders = vec![list_length_binder(pred.span)];
            binders.extend(self.binders.iter().cloned());
            let problems = self.typer.check_predicate(pred, &binders);
            self.diagnostics.extend(problems.into_iter().map(|mut d| {
                if d.is_error() {
                    d.code = Code::ProtocolPredicateType;
                    d.message = format!("ill-typed protocol predicate: {}", d.message);
                    if d.help.is_none() {
                        d.help = Some("a predicate is a `bool` expression over the binders, at the types their steps declare".into());
                    }
                }
                d
            }));
        }
    }

    fn check_message_type(&mut self, ty: &TypeExpr) {
        if let Some(bad) = unserializable_part(ty) {
            let is_list = matches!(&bad.kind, TypeExprKind::Constr(path, _) if path.name.name == "list");
            self.diagnostics.push(
                Diagnostic::new(Code::ProtocolMessageType, "this type cannot be a message type", bad.span)
                    .with_label("no serializer produces values of this type")
                    .with_help(if is_list {
                        "lists travel as Aneris's `alist` (what `list_serializer` produces): write `int alist`, not `int list`"
                    } else {
                        "use int, bool, string, unit, saddr, or pairs, sums, options and alists (Aneris's lists) of these"
                    }),
            );
        }
    }
}

/// `ty` with Aneris's list type `alist` (what `list_serializer` produces) named through its
/// module, `List_code.alist`, so that predicates type-check without `open List_code`.
pub(super) fn qualify_alist(ty: &TypeExpr) -> TypeExpr {
    let kind = match &ty.kind {
        TypeExprKind::Constr(path, args) => {
            let mut path = path.clone();
            if path.modules.is_empty() && path.name.name == "alist" {
                path.modules.push(Ident { name: "List_code".into(), span: path.name.span });
            }
            TypeExprKind::Constr(path, args.iter().map(qualify_alist).collect())
        }
        TypeExprKind::Tuple(parts) => TypeExprKind::Tuple(parts.iter().map(qualify_alist).collect()),
        TypeExprKind::Arrow(a, b) => TypeExprKind::Arrow(Box::new(qualify_alist(a)), Box::new(qualify_alist(b))),
        other => other.clone(),
    };
    TypeExpr { kind, ..ty.clone() }
}

/// The predicate builtin `list_length : 'e List_code.alist -> int` (Aneris's list length),
/// as a binder for the predicate typer; its element type is one per predicate.
fn list_length_binder(span: anerisc_diag::span::Span) -> (Ident, TypeExpr) {
    let ident = |name: &str| Ident { name: name.into(), span };
    let path = |modules: Vec<Ident>, name: &str| crate::ast::Path { modules, name: ident(name), span };
    let ty = |kind| TypeExpr { kind, span };
    let element = ty(TypeExprKind::Var("list element".into()));
    let list = ty(TypeExprKind::Constr(path(vec![ident("List_code")], "alist"), vec![element]));
    let int = ty(TypeExprKind::Constr(path(Vec::new(), "int"), Vec::new()));
    (ident("list_length"), ty(TypeExprKind::Arrow(Box::new(list), Box::new(int))))
}

/// The first part of a message type that no library serializer produces, if any.
fn unserializable_part(ty: &TypeExpr) -> Option<&TypeExpr> {
    match &ty.kind {
        TypeExprKind::Tuple(parts) if parts.len() == 2 => parts.iter().find_map(unserializable_part),
        TypeExprKind::Constr(path, args) => {
            let qualifier_ok = match path.modules.as_slice() {
                [] => true,
                [m] => m.name == "Ast" || (m.name == "List_code" && path.name.name == "alist"),
                _ => false,
            };
            let arity = match path.name.name.as_str() {
                "int" | "bool" | "string" | "unit" | "saddr" => 0,
                "alist" | "option" => 1,
                "sumTy" => 2,
                _ => return Some(ty),
            };
            if !qualifier_ok || args.len() != arity {
                return Some(ty);
            }
            args.iter().find_map(unserializable_part)
        }
        _ => Some(ty),
    }
}

/// The unqualified value names an expression uses without binding them itself.
struct FreeNames {
    bound: Vec<String>,
    free: Vec<Ident>,
}

impl Visitor for FreeNames {
    fn visit_expr(&mut self, e: &Expr) {
        use crate::ast::{ExprKind, PatternKind};
        match &e.kind {
            ExprKind::Var(path) if path.modules.is_empty() => {
                let name = &path.name;
                let is_operator = !name.name.starts_with(|c: char| c.is_alphabetic() || c == '_');
                if !is_operator && !self.bound.contains(&name.name) && !is_predicate_builtin(&name.name) {
                    self.free.push(name.clone());
                }
            }
            // `match x with Some y -> ... | None -> ...`: pattern variables are bound in the case.
            ExprKind::Match(scrutinee, cases) => {
                self.visit_expr(scrutinee);
                for case in cases {
                    let mark = self.bound.len();
                    let mut vars = Vec::new();
                    pattern_vars(&case.pat, &mut vars);
                    self.bound.extend(vars);
                    if let Some(g) = &case.guard {
                        self.visit_expr(g);
                    }
                    self.visit_expr(&case.body);
                    self.bound.truncate(mark);
                }
            }
            _ => walk_expr(self, e),
        }
        fn pattern_vars(p: &crate::ast::Pattern, out: &mut Vec<String>) {
            match &p.kind {
                PatternKind::Var(v) => out.push(v.name.clone()),
                PatternKind::Alias(p, v) => {
                    out.push(v.name.clone());
                    pattern_vars(p, out);
                }
                PatternKind::Tuple(ps) => ps.iter().for_each(|p| pattern_vars(p, out)),
                PatternKind::Construct(_, Some(p)) | PatternKind::Constraint(p, _) => pattern_vars(p, out),
                PatternKind::Or(a, _) => pattern_vars(a, out),
                PatternKind::Record(fs, _) => fs.iter().for_each(|(_, p)| pattern_vars(p, out)),
                _ => {}
            }
        }
    }
}

/// Functions a predicate may use by their plain name (docs/protocols.md).
fn is_predicate_builtin(name: &str) -> bool {
    matches!(name, "not" | "fst" | "snd" | "strlen" | "list_length" | "mod" | "land" | "lor" | "lxor" | "lsl" | "lsr" | "asr")
}
