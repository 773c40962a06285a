//! Checks that a socket made with `[@protocol name]` carries the protocol's message types:
//! on a client socket `('a, 'b) client_skt`, every `!(x : T)` step's `T` must be `'a` (what
//! the client sends) and every `?(x : T)` step's `T` must be `'b`; a server socket
//! `('a, 'b) server_skt` follows the dual (`'a` answers the `?` steps, `'b` the `!` ones).

use super::collect::ModuleProtocols;
use super::syntax::{Direction, Protocol, ProtocolKind, Step};
use super::validate::qualify_alist;
use crate::ast::ExprKind;
use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::Diagnostic;
use anerisc_diag::span::Span;
use crate::typed::{TBinding, TCase, TExpr, TExprKind, TItem};
use crate::typing::checker::Checker;
use crate::typing::decls::Decls;
use crate::typing::types::{Desc, TypeId};
use crate::typing::{PredicateEnv, TypedModule};
use std::collections::HashMap;

/// E0502 for every step of a used protocol whose message type is not the one the socket's
/// serializers carry. Sockets that are not `client_skt`/`server_skt` values, and messages
/// whose serializer type has a type variable, are not compared.
/// `text` is the module's source, where the steps' types are shown as written.
pub fn check_serializer_types(env: &PredicateEnv, protocols: &ModuleProtocols, text: &str) -> Vec<Diagnostic> {
    let (Some(module), Some(mut checker)) = (env.module, env.module_checker()) else { return Vec::new() };
    let sockets = socket_types(module);
    let mut diagnostics = Vec::new();
    for u in &protocols.uses {
        let (Some(decl), Some(&ty)) = (protocols.table.get(&u.name.name), sockets.get(&u.name.span)) else { continue };
        let Some(socket) = socket_params(module, ty) else { continue };
        let mut steps = Vec::new();
        protocol_steps(&decl.body, &mut steps);
        for step in steps {
            let carried = socket.carries(step.direction);
            if let Some(d) = compare(&mut checker, module, carried, step, u.target, text) {
                diagnostics.push(d);
            }
        }
    }
    diagnostics
}

/// The two message types of a socket and which side it is.
struct Socket {
    /// The first type parameter: what this endpoint sends.
    sends: TypeId,
    /// The second: what it receives.
    receives: TypeId,
    /// True for a `server_skt` (its endpoint follows the dual of the protocol).
    server: bool,
}

impl Socket {
    /// The type a step's message travels at on this socket.
    fn carries(&self, direction: Direction) -> TypeId {
        match (direction, self.server) {
            (Direction::Send, false) | (Direction::Receive, true) => self.sends,
            (Direction::Receive, false) | (Direction::Send, true) => self.receives,
        }
    }
}

/// The parameters of `ty` when it is a library `client_skt` or `server_skt`.
fn socket_params(module: &TypedModule, ty: TypeId) -> Option<Socket> {
    let Desc::Con(id, args) = module.store.desc(module.store.find(ty)) else { return None };
    let decl = module.decls.decl(*id);
    let server = match (decl.name.as_str(), decl.module.as_deref()) {
        ("client_skt", Some("Client_server_code")) => false,
        ("server_skt", Some("Client_server_code")) => true,
        _ => return None,
    };
    match args.as_slice() {
        [sends, receives] => Some(Socket { sends: *sends, receives: *receives, server }),
        _ => None,
    }
}

/// Every step of `p`, in order (a `mu` is entered once; its variable ends the walk).
fn protocol_steps<'p>(p: &'p Protocol, out: &mut Vec<&'p Step>) {
    match &p.kind {
        ProtocolKind::Step(step) => {
            out.push(step);
            protocol_steps(&step.next, out);
        }
        ProtocolKind::Mu(_, body) => protocol_steps(body, out),
        ProtocolKind::Name(_) | ProtocolKind::End => {}
    }
}

/// E0502 when the step's declared type is not `carried`, the socket's type (at `socket`);
/// the declared type is shown as `text` spells it.
fn compare(c: &mut Checker, module: &TypedModule, carried: TypeId, step: &Step, socket: Span, text: &str) -> Option<Diagnostic> {
    let mut vars = Vec::new();
    module.store.to_scheme(carried, &mut vars);
    if !vars.is_empty() {
        return None;
    }
    // Each comparison works on a fresh copy of the module's nodes: a failed unification
    // leaves partial links behind.
    let pristine = c.store.clone();
    c.type_vars.clear();
    let errors_before = c.diagnostics.len();
    let declared = c.annotation(&qualify_alist(&step.ty));
    let actual = c.store.instance(carried);
    let (shown_actual, printed_declared) = c.show_pair(actual, declared);
    let shown_declared = text.get(step.ty.span.range()).map_or(printed_declared, str::to_string);
    let mismatch = c.diagnostics.len() == errors_before && c.try_unify(actual, declared).is_err();
    c.diagnostics.truncate(errors_before);
    c.store = pristine;
    let verb = match step.direction {
        Direction::Send => "sends",
        Direction::Receive => "receives",
    };
    mismatch.then(|| {
        Diagnostic::new(
            Code::SessionMessageType,
            format!("this socket's messages have type `{shown_actual}`, but the protocol's step carries `{shown_declared}`"),
            socket,
        )
        .with_label(format!("this socket {verb} `{shown_actual}`"))
        .with_secondary(step_span(step), format!("the step declares `{} : {shown_declared}`", step.binder.name))
        .with_help("make the socket's serializers and the protocol's message types agree")
    })
}

/// The source of a step's `(x : T)`.
fn step_span(step: &Step) -> Span {
    step.binder.span.to(step.ty.span)
}

/// The type of every expression carrying a `[@protocol name]` attribute, by the span of
/// `name` (the typed tree moves the attributes of `let open` and of a type constraint onto
/// the inner expression, whose span is not the annotated one).
fn socket_types(module: &TypedModule) -> HashMap<Span, TypeId> {
    let mut found = HashMap::new();
    for item in &module.items {
        match item {
            TItem::Let(_, bindings) => bindings_types(bindings, &mut found),
            TItem::Expr(e) => expr_types(e, &mut found),
            TItem::Type(_) | TItem::Exception(_) | TItem::Attribute(_) => {}
        }
    }
    found
}

fn bindings_types(bindings: &[TBinding], found: &mut HashMap<Span, TypeId>) {
    for b in bindings {
        expr_types(&b.expr, found);
    }
}

fn cases_types(cases: &[TCase], found: &mut HashMap<Span, TypeId>) {
    for case in cases {
        if let Some(g) = &case.guard {
            expr_types(g, found);
        }
        expr_types(&case.body, found);
    }
}

fn expr_types(e: &TExpr, found: &mut HashMap<Span, TypeId>) {
    for attr in e.attrs.iter().filter(|a| a.name.name == "protocol") {
        if let Some(ExprKind::Var(path)) = attr.payload.as_ref().map(|p| &p.kind) {
            found.insert(path.name.span, e.ty);
        }
    }
    let each = |es: &[TExpr], found: &mut HashMap<Span, TypeId>| es.iter().for_each(|x| expr_types(x, found));
    match &e.kind {
        TExprKind::Var(_) | TExprKind::Const(_) | TExprKind::Printf(..) => {}
        TExprKind::Construct(_, args) | TExprKind::Tuple(args) => each(args, found),
        TExprKind::Apply(f, args) => {
            expr_types(f, found);
            each(args, found);
        }
        TExprKind::Fun(_, body) | TExprKind::Assert(body) | TExprKind::Field(body, _) => expr_types(body, found),
        TExprKind::Function(cases) => cases_types(cases, found),
        TExprKind::Let(_, bindings, body) => {
            bindings_types(bindings, found);
            expr_types(body, found);
        }
        TExprKind::Match(scrutinee, cases) | TExprKind::Try(scrutinee, cases) => {
            expr_types(scrutinee, found);
            cases_types(cases, found);
        }
        TExprKind::If(cond, then, otherwise) => {
            expr_types(cond, found);
            expr_types(then, found);
            if let Some(o) = otherwise {
                expr_types(o, found);
            }
        }
        TExprKind::Sequence(a, b) | TExprKind::While(a, b) | TExprKind::ArrayGet(a, b) => {
            expr_types(a, found);
            expr_types(b, found);
        }
        TExprKind::For(_, from, _, to, body) => {
            expr_types(from, found);
            expr_types(to, found);
            expr_types(body, found);
        }
        TExprKind::Record(_, fields, base) => {
            fields.iter().flatten().for_each(|f| expr_types(f, found));
            if let Some(b) = base {
                expr_types(b, found);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::check_program;
    use anerisc_diag::codes::Code;

    /// The codes of the diagnostics `anerisc check` gives `source`.
    fn codes(source: &str) -> Vec<Code> {
        let program = format!(
            "open Ast\nopen Serialization_code\nopen Client_server_code\n\
             [@@@protocol {{| p = !(x : int). ?(y : string). end |}}]\n{source}"
        );
        let checked = check_program(vec![("t.ml".into(), program)], &[]).expect("the library loads");
        checked.diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn a_server_socket_follows_the_dual_of_the_protocol() {
        let agrees = "let s = make_server_skt string_serializer int_serializer (makeAddress \"127.0.0.1\" 1) [@protocol p]";
        assert_eq!(codes(agrees), Vec::<Code>::new());
        let swapped = "let s = make_server_skt int_serializer string_serializer (makeAddress \"127.0.0.1\" 1) [@protocol p]";
        assert_eq!(codes(swapped), vec![Code::SessionMessageType, Code::SessionMessageType]);
    }

    #[test]
    fn a_client_socket_sends_the_first_serializers_type() {
        let agrees = "let s = make_client_skt int_serializer string_serializer (makeAddress \"127.0.0.1\" 1) [@protocol p]";
        assert_eq!(codes(agrees), Vec::<Code>::new());
        let wrong = "let s = make_client_skt int_serializer int_serializer (makeAddress \"127.0.0.1\" 1) [@protocol p]";
        assert_eq!(codes(wrong), vec![Code::SessionMessageType]);
    }

    #[test]
    fn a_serializer_type_with_a_variable_is_not_compared() {
        let helper = "let mk ser = make_client_skt ser ser (makeAddress \"127.0.0.1\" 1) [@protocol p]";
        assert_eq!(codes(helper), Vec::<Code>::new());
    }
}
