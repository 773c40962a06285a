//! The library: every `anerisc_stdlib::MODULES` interface parsed and turned into a module
//! signature, with the built-in types, in one declaration table shared by all programs.

use super::checker::Checker;
use super::decls::{builtin_table, BuiltinIds, DeclSet, DeclTable, Scheme};
use super::env::{Env, ModuleSig};
use crate::ast::{ItemKind, Module, TypeExpr};
use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::Diagnostic;
use crate::parser::parse_interface;
use anerisc_diag::span::FileId;
use crate::typed::ConstrRef;
use std::collections::HashMap;
use std::sync::Arc;

/// The file ids library interfaces are parsed with (they are not in the user's source map):
/// `LIBRARY_FILE_BASE + i` for the `i`-th module of `MODULES`.
pub const LIBRARY_FILE_BASE: u32 = 1 << 30;

/// The library modules' signatures and the built-in types.
#[derive(Debug, Clone)]
pub struct Library {
    /// The table of built-in and library types.
    pub table: Arc<DeclTable>,
    /// Module signatures by name.
    pub modules: HashMap<String, Arc<ModuleSig>>,
    /// The built-in types' ids.
    pub builtins: BuiltinIds,
}

impl Library {
    /// Parses and checks every library interface.
    pub fn load() -> Result<Library, Vec<Diagnostic>> {
        let mut table = builtin_table(0);
        let builtins = BuiltinIds::new(0);
        let mut modules: HashMap<String, Arc<ModuleSig>> = HashMap::new();
        let mut problems = Vec::new();
        for (i, m) in anerisc_stdlib::MODULES.iter().enumerate() {
            let file = FileId(LIBRARY_FILE_BASE + i as u32);
            let ast = match parse_interface(file, m.interface) {
                Ok(ast) => ast,
                Err(ds) => {
                    problems.extend(ds.into_iter().map(|d| internal(d, m.name)));
                    continue;
                }
            };
            let empty = DeclSet::default();
            let qualifier = (m.name != "Stdlib").then(|| m.name.to_string());
            let mut c = Checker::new(&empty, builtins, m.name, qualifier);
            c.own = std::mem::replace(&mut table, DeclTable { id: 0, decls: Vec::new(), exceptions: Vec::new() });
            c.env = base_env(&c.own, &modules, m.name != "Stdlib");
            let sig = c.interface(&ast);
            problems.extend(c.diagnostics.drain(..).map(|d| internal(d, m.name)));
            table = std::mem::replace(&mut c.own, DeclTable { id: 0, decls: Vec::new(), exceptions: Vec::new() });
            modules.insert(m.name.to_string(), Arc::new(sig));
        }
        if problems.is_empty() {
            Ok(Library { table: Arc::new(table), modules, builtins })
        } else {
            Err(problems)
        }
    }
}

/// A library problem is the compiler's, not the user's: say so.
fn internal(d: Diagnostic, module: &str) -> Diagnostic {
    let message = format!("internal error in the library interface of `{module}`: {}", d.message);
    Diagnostic { message, ..d }
}

/// The environment every module starts with: built-in types and constructors, the library
/// modules by name, and `Stdlib` opened when `open_stdlib`.
pub fn base_env(table: &DeclTable, modules: &HashMap<String, Arc<ModuleSig>>, open_stdlib: bool) -> Env {
    let mut env = Env::default();
    let ids = BuiltinIds::new(0);
    for d in [ids.int, ids.char, ids.string, ids.float, ids.bool, ids.unit, ids.exn, ids.list, ids.option, ids.array] {
        env.types.insert(table.decls[d.index as usize].name.clone(), d);
    }
    for d in [ids.bool, ids.unit, ids.list, ids.option] {
        if let super::decls::DeclKind::Variant(cs) = &table.decls[d.index as usize].kind {
            for (tag, c) in cs.iter().enumerate() {
                env.constrs.insert(c.name.clone(), ConstrRef::Variant { decl: d, tag: tag as u32 });
            }
        }
    }
    env.modules = modules.clone();
    if open_stdlib {
        if let Some(sig) = modules.get("Stdlib") {
            env.open("Stdlib", sig);
        }
    }
    env
}

impl Checker<'_> {
    /// Checks an interface and returns its signature.
    pub fn interface(&mut self, ast: &Module) -> ModuleSig {
        let mut sig = ModuleSig::default();
        for item in &ast.items {
            match &item.kind {
                ItemKind::Type(group) => {
                    for id in self.declare_types(group) {
                        self.export_type(id, &mut sig);
                    }
                }
                ItemKind::Exception(c) => {
                    let id = self.declare_exception(c);
                    sig.constrs.push((c.name.name.clone(), ConstrRef::Exception(id)));
                }
                ItemKind::Val(name, t) | ItemKind::External(name, t, _) => {
                    let s = self.val_scheme(t);
                    sig.values.push((name.name.clone(), Arc::new(s)));
                }
                ItemKind::Open(path) => {
                    let m = path.modules.first().unwrap_or(&path.name);
                    if let Some(s) = self.module_sig(m) {
                        self.env.open(&m.name, &s);
                    }
                }
                ItemKind::Attribute(_) => {}
                ItemKind::Let(..) | ItemKind::Expr(_) => {
                    self.error(Diagnostic::new(Code::UnexpectedToken, "an interface declares, it does not define", item.span));
                }
            }
        }
        sig
    }

    /// The scheme of a `val` type (its variables are implicitly quantified).
    pub fn val_scheme(&mut self, t: &TypeExpr) -> Scheme {
        let mut free = Vec::new();
        self.decl_scheme(t, &[], Some(&mut free))
    }

    /// Adds a declared type, its constructors and fields to a signature.
    pub fn export_type(&self, id: super::decls::DeclId, sig: &mut ModuleSig) {
        let d = &self.own.decls[id.index as usize];
        sig.types.push((d.name.clone(), id));
        match &d.kind {
            super::decls::DeclKind::Variant(cs) => {
                for (tag, c) in cs.iter().enumerate() {
                    sig.constrs.push((c.name.clone(), ConstrRef::Variant { decl: id, tag: tag as u32 }));
                }
            }
            super::decls::DeclKind::Record(fs) => {
                for (index, f) in fs.iter().enumerate() {
                    sig.fields.push((f.name.clone(), crate::typed::FieldRef { decl: id, index: index as u32 }));
                }
            }
            _ => {}
        }
    }
}
