//! Lowering from the typed syntax tree to the IR: a program's modules, in dependency order,
//! become one [`Program`]. Functions are closure-converted on the way (each `fun` becomes a
//! function listing what it captures), matches become decision trees, channel operations
//! and `fork` become instructions of their own, and library primitives become `prim`s.

mod builder;
mod expr;
mod free;
mod matching;
mod types;

use crate::ir::*;
use crate::prim::Prim;
use anerisc_frontend::ast::{Attribute, ExprKind, ItemKind, Module, RecFlag};
use anerisc_diag::span::{FileId, SourceFile, Span};
use anerisc_frontend::typed::{TExpr, TExprKind, TItem, TPatternKind};
use anerisc_frontend::typing::decls::{Decls, ExnId as FrontExnId};
use anerisc_frontend::typing::TypedModule;
use builder::Builder;
use std::collections::HashMap;
pub use types::TypeView;

/// Why a program cannot be lowered.
#[derive(Debug, Clone, PartialEq)]
pub struct LowerError {
    /// What is not supported, with where.
    pub message: String,
}

impl std::fmt::Display for LowerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

type Lowered<T> = Result<T, LowerError>;

/// One module to lower: its checked tree, its source, its syntax tree (for `external`s).
pub struct ModuleInput<'a> {
    /// The checked module.
    pub typed: &'a TypedModule,
    /// Its source file (for line numbers).
    pub source: &'a SourceFile,
    /// Its syntax tree.
    pub ast: &'a Module,
    /// Whether it is a library module.
    pub library: bool,
}

/// The exceptions every program has, in this order (OCaml's predefined ones and `Exit`).
pub const PREDEFINED_EXCEPTIONS: &[(&str, &[Ty])] = &[
    ("Failure", &[Ty::Str]),
    ("Not_found", &[]),
    ("Invalid_argument", &[Ty::Str]),
    ("Match_failure", &[Ty::Data]),
    ("Assert_failure", &[Ty::Data]),
    ("Division_by_zero", &[]),
    ("End_of_file", &[]),
    ("Sys_error", &[Ty::Str]),
    ("Stdlib.Exit", &[]),
];

/// Lowers `modules` (in dependency order) to one program.
pub fn lower_program(modules: &[ModuleInput], library_table: u32) -> Lowered<Program> {
    let files = file_ids(modules);
    let mut l = Lowerer {
        program: Program::default(),
        globals: HashMap::new(),
        global_names: HashMap::new(),
        known: HashMap::new(),
        exns: HashMap::new(),
        wrappers: HashMap::new(),
        names: HashMap::new(),
        library_table,
    };
    for (name, args) in PREDEFINED_EXCEPTIONS {
        l.exns.insert(name.to_string(), ExnId(l.program.exceptions.len() as u32));
        l.program.exceptions.push(ExnDecl { name: name.to_string(), args: args.to_vec() });
    }
    for (m, file) in modules.iter().zip(files) {
        l.module(m, file)?;
    }
    Ok(l.program)
}

/// The file id of each module's spans in the IR: a user module's file keeps the frontend's id
/// (the one its syntax tree's spans carry; `None` for a module without items, which has no
/// spans), and the library's files, which the frontend loads into a source map of their own,
/// are numbered after the user's.
fn file_ids(modules: &[ModuleInput]) -> Vec<Option<FileId>> {
    let own = |m: &ModuleInput| m.ast.items.first().map(|i| i.span.file);
    let mut next = modules.iter().filter(|m| !m.library).filter_map(own).map(|f| f.0 + 1).max().unwrap_or(0);
    modules
        .iter()
        .map(|m| {
            if !m.library {
                return own(m);
            }
            next += 1;
            Some(FileId(next - 1))
        })
        .collect()
}

/// Program-wide lowering state.
struct Lowerer {
    program: Program,
    /// The current global of each module's top-level name.
    globals: HashMap<(String, String), GlobalId>,
    /// How many globals were made for each `module.name` (later ones print as `name#2`...).
    global_names: HashMap<String, usize>,
    /// Globals bound to a function without environment, and its arity.
    known: HashMap<GlobalId, (FuncId, usize)>,
    /// Exceptions by printed name.
    exns: HashMap<String, ExnId>,
    /// Functions wrapping primitives used as values, by name.
    wrappers: HashMap<String, FuncId>,
    /// How many functions were named after each parent (for deterministic names).
    names: HashMap<String, u32>,
    library_table: u32,
}

/// Per-module lowering state.
struct ModCx<'a> {
    name: String,
    view: TypeView,
    source: &'a SourceFile,
    /// The id of the module's file in the IR.
    file: FileId,
    /// `external x : t = "prim"` declarations: value name to primitive name.
    externals: HashMap<String, String>,
}

impl ModCx<'_> {
    /// The IR span of the source span `span` (`None` for the empty span at the file's start,
    /// which the frontend gives what it made up).
    fn span(&self, span: Span) -> Option<Span> {
        (span.end > 0 || span.start > 0).then_some(Span { file: self.file, ..span })
    }

    /// The line `span` starts on, for messages.
    fn line(&self, span: Span) -> usize {
        self.source.line_col(span.start as usize).0
    }

    /// OCaml's position of an expression: file, line and column (from 0).
    fn position(&self, span: Span) -> (String, i64, i64) {
        let (line, col) = self.source.line_col(span.start as usize);
        let file = std::path::Path::new(&self.source.name).file_name().map_or_else(|| self.source.name.clone(), |f| f.to_string_lossy().into_owned());
        (file, line as i64, col as i64 - 1)
    }
}

fn unsupported(what: impl std::fmt::Display) -> LowerError {
    LowerError { message: format!("not supported yet: {what}") }
}

impl Lowerer {
    fn fresh_name(&mut self, parent: &str) -> String {
        let n = self.names.entry(parent.to_string()).or_insert(0);
        *n += 1;
        format!("{parent}.fn{n}")
    }

    fn add_function(&mut self, f: Function) -> FuncId {
        self.program.functions.push(f);
        FuncId(self.program.functions.len() as u32 - 1)
    }

    /// Reserves a function slot (filled by [`Lowerer::set_function`]) so that recursive
    /// groups know each other's ids.
    fn reserve_function(&mut self, name: &str) -> FuncId {
        let placeholder = Builder::new(name.to_string(), Ty::Any, None).finish();
        self.add_function(placeholder)
    }

    fn set_function(&mut self, id: FuncId, f: Function) {
        self.program.functions[id.0 as usize] = f;
    }

    fn new_global(&mut self, module: &str, name: &str, ty: Ty) -> GlobalId {
        let base = format!("{module}.{name}");
        let taken = self.global_names.entry(base.clone()).or_insert(0);
        *taken += 1;
        let printed = if *taken == 1 { base } else { format!("{base}#{taken}") };
        self.program.globals.push(Global { name: printed, ty });
        let id = GlobalId(self.program.globals.len() as u32 - 1);
        self.globals.insert((module.to_string(), name.to_string()), id);
        id
    }

    fn exception(&mut self, view: &TypeView, id: FrontExnId) -> ExnId {
        let (module, decl) = view.decls.exception(id);
        let name = match module {
            Some(m) if m != "Stdlib" || decl.name == "Exit" => format!("{m}.{}", decl.name),
            _ => decl.name.clone(),
        };
        if let Some(e) = self.exns.get(&name) {
            return *e;
        }
        let args = decl.args.iter().map(|_| Ty::Any).collect();
        let e = ExnId(self.program.exceptions.len() as u32);
        self.program.exceptions.push(ExnDecl { name: name.clone(), args });
        self.exns.insert(name, e);
        e
    }

    /// Lowers module `input`, whose spans name file `file` in the IR.
    fn module(&mut self, input: &ModuleInput, file: Option<FileId>) -> Lowered<()> {
        let typed = input.typed;
        let externals = input
            .ast
            .items
            .iter()
            .filter_map(|i| match &i.kind {
                ItemKind::External(x, _, prims) => Some((x.name.clone(), prims.first().cloned().unwrap_or_default())),
                _ => None,
            })
            .collect();
        let mut m = ModCx {
            name: typed.name.clone(),
            view: TypeView { store: typed.store.clone(), decls: typed.decls.clone(), library_table: self.library_table },
            source: input.source,
            file: file.unwrap_or_default(),
            externals,
        };
        if let Some(file) = file {
            self.program.files.push(SourceLines { file, name: input.source.name.clone(), library: input.library, lines: input.source.lines().clone() });
        }
        let init_name = format!("{}.init", typed.name);
        let init_id = self.reserve_function(&init_name);
        let mut b = Builder::new(init_name, Ty::Unit, None);
        for item in &typed.items {
            match item {
                TItem::Let(rec, bindings) => self.top_let(&mut m, &mut b, *rec, bindings)?,
                TItem::Expr(e) => {
                    self.expr(&mut m, &mut b, e)?;
                }
                TItem::Exception(id) => {
                    self.exception(&m.view, *id);
                }
                TItem::Type(_) | TItem::Attribute(_) => {}
            }
        }
        let unit = b.emit(Ty::Unit, InstKind::Const(Const::Unit), None);
        b.set_term(Terminator::Return(unit));
        self.set_function(init_id, b.finish());
        self.program.modules.push(ModuleInit { name: typed.name.clone(), library: input.library, init: init_id });
        Ok(())
    }

    /// A top-level `let`: functions become IR functions without environment, other values
    /// are computed by the initialiser and stored in globals.
    fn top_let(&mut self, m: &mut ModCx, b: &mut Builder, rec: RecFlag, bindings: &[anerisc_frontend::typed::TBinding]) -> Lowered<()> {
        let module = m.name.clone();
        let is_lambda = |e: &TExpr| matches!(e.kind, TExprKind::Fun(..) | TExprKind::Function(..));
        // Functions first: declare their globals and ids so that the group can call itself.
        let mut lambdas = Vec::new();
        for binding in bindings {
            if let (TPatternKind::Var(_, name), true) = (&binding.pat.kind, is_lambda(&binding.expr)) {
                let fname = format!("{module}.{name}");
                let id = self.reserve_function(&fname);
                let arity = match &binding.expr.kind {
                    TExprKind::Fun(ps, _) => ps.len(),
                    _ => 1,
                };
                lambdas.push((binding, name.clone(), id, arity));
            } else if rec == RecFlag::Recursive {
                return Err(unsupported(format!("`let rec` of a value that is not a function (line {})", m.line(binding.span))));
            }
        }
        let declare = |l: &mut Lowerer| -> Vec<(GlobalId, FuncId)> {
            let mut out = Vec::new();
            for (_, name, id, arity) in &lambdas {
                let g = l.new_global(&module, name, Ty::Fun);
                l.known.insert(g, (*id, *arity));
                out.push((g, *id));
            }
            out
        };
        // A recursive group sees its own names; a non-recursive `let` sees the previous ones.
        let mut new_globals = if rec == RecFlag::Recursive { declare(self) } else { Vec::new() };
        for (binding, _, id, _) in &lambdas {
            let name = self.program.functions[id.0 as usize].name.clone();
            let f = self.lambda_function(m, name, &binding.expr, binding.pat.span, &[], &HashMap::new())?;
            self.set_function(*id, f);
        }
        if rec == RecFlag::NonRecursive {
            new_globals = declare(self);
        }
        for (g, id) in &new_globals {
            let c = b.emit(Ty::Fun, InstKind::Closure(*id, vec![]), m.span(self_span(bindings)));
            b.push(None, InstKind::SetGlobal(*g, c), None);
        }
        for binding in bindings.iter().filter(|bd| !(matches!(bd.pat.kind, TPatternKind::Var(..)) && is_lambda(&bd.expr))) {
            let v = self.expr(m, b, &binding.expr)?;
            let mut vars = Vec::new();
            matching::pattern_vars(&binding.pat, &mut vars);
            self.bind_pattern(m, b, v, &binding.pat)?;
            for (id, name, pty) in vars {
                let ty = m.view.ty(pty);
                let g = self.new_global(&module, &name, ty);
                let local = b.locals[&id];
                b.push(None, InstKind::SetGlobal(g, local), m.span(binding.span));
            }
        }
        Ok(())
    }
}

fn self_span(bindings: &[anerisc_frontend::typed::TBinding]) -> Span {
    bindings.first().map(|b| b.span).unwrap_or_default()
}

/// The protocol named by a `[@protocol name]` attribute.
fn protocol_of(attrs: &[Attribute]) -> Option<String> {
    attrs.iter().find(|a| a.name.name == "protocol").and_then(|a| match a.payload.as_ref().map(|p| &p.kind) {
        Some(ExprKind::Var(path)) => Some(path.name.name.clone()),
        _ => None,
    })
}

/// The channel operation a library value is, if any.
fn chan_op(module: &str, name: &str) -> Option<ChanOp> {
    Some(match (module, name) {
        ("Client_server_code", "make_client_skt") => ChanOp::MakeClientSkt,
        ("Client_server_code", "make_server_skt") => ChanOp::MakeServerSkt,
        ("Client_server_code", "server_listen") => ChanOp::ServerListen,
        ("Client_server_code", "accept") => ChanOp::Accept,
        ("Client_server_code", "connect") => ChanOp::Connect,
        ("Client_server_code", "send") => ChanOp::Send,
        ("Client_server_code", "recv") => ChanOp::Recv,
        ("Client_server_code", "try_recv") => ChanOp::TryRecv,
        ("Rpc_code", "rpc_start") | ("Mt_server_code", "run_server") => ChanOp::RpcServe,
        ("Mt_server_code", "run_server_opt") => ChanOp::RpcServeOpt,
        ("Rpc_code", "rpc_connect") | ("Mt_server_code", "init_client_proxy") => ChanOp::RpcConnect,
        ("Rpc_code", "rpc_make_request") | ("Mt_server_code", "make_request") => ChanOp::RpcRequest,
        _ => return None,
    })
}

/// What a global name refers to.
enum GlobalRef {
    /// A global of a lowered module.
    Global(GlobalId),
    /// A primitive.
    Prim(Prim),
    /// A channel operation, implemented by a global when the library writes it in OCaml.
    Chan(ChanOp, Option<GlobalId>),
}

impl Lowerer {
    fn resolve(&self, m: &ModCx, module: &str, name: &str) -> Lowered<GlobalRef> {
        let global = self.globals.get(&(module.to_string(), name.to_string())).copied();
        if let Some(op) = chan_op(module, name) {
            return Ok(GlobalRef::Chan(op, global));
        }
        if let Some(g) = global {
            return Ok(GlobalRef::Global(g));
        }
        if module == m.name {
            if let Some(p) = m.externals.get(name) {
                let prim = Prim::of_name(p).or_else(|| Prim::of_library(p)).ok_or_else(|| unsupported(format!("the external primitive \"{p}\"")))?;
                return Ok(GlobalRef::Prim(prim));
            }
        }
        let qualified = format!("{module}.{name}");
        Prim::of_library(&qualified).map(GlobalRef::Prim).ok_or_else(|| unsupported(format!("`{qualified}` (the library does not implement it)")))
    }
}

#[cfg(test)]
mod tests;
