//! `anerisc check` as a library call: load the program's files, type-check each module in
//! dependency order, collect and validate its protocols, and compare the message types of
//! the sockets that use them with their serializers'.

use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::{has_errors, Diagnostic, Severity};
use crate::loader::load_program;
use crate::protocol::collect::{collect, ModuleProtocols};
use crate::protocol::serializer_types::check_serializer_types;
use crate::protocol::validate::PredicateTyper;
use anerisc_diag::span::{FileId, SourceMap};
use crate::typing::{self, Library, PredicateEnv, TypedModule};
use std::path::PathBuf;

/// One checked module.
#[derive(Debug)]
pub struct CheckedModule {
    /// Its path on disk.
    pub path: PathBuf,
    /// Its id in the source map.
    pub file: FileId,
    /// Its syntax tree (what the IR is lowered from, next to the typed tree).
    pub ast: crate::ast::Module,
    /// Its typed tree and signature.
    pub typed: TypedModule,
    /// Its protocol declarations and uses.
    pub protocols: ModuleProtocols,
}

/// The result of checking a program.
#[derive(Debug)]
pub struct CheckedProgram {
    /// Every file read.
    pub sources: SourceMap,
    /// The modules that type-checked, each after the modules it uses.
    pub modules: Vec<CheckedModule>,
    /// For each file named by the user, its index in `modules` (if it checked).
    pub roots: Vec<Option<usize>>,
    /// Every problem found, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

/// A failure of the compiler itself rather than of the program.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// The embedded library interfaces do not type-check (a bug in anerisc).
    #[error("internal error: the library interfaces do not type-check: {0}")]
    Library(String),
}

/// Checks the program made of `roots` (paths with their text) and the user modules they use
/// (found next to them or in `include_dirs`).
pub fn check_program(roots: Vec<(PathBuf, String)>, include_dirs: &[PathBuf]) -> Result<CheckedProgram, CheckError> {
    Ok(check_program_with(&load_library()?, roots, include_dirs))
}

/// Loads the library's interfaces, once per compiler run.
pub fn load_library() -> Result<Library, CheckError> {
    Library::load().map_err(|errors| {
        CheckError::Library(errors.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("; "))
    })
}

/// [`check_program`] with a library already loaded.
pub fn check_program_with(library: &Library, roots: Vec<(PathBuf, String)>, include_dirs: &[PathBuf]) -> CheckedProgram {
    // `Printf` has no interface: the type checker reads its literal formats itself.
    let library_names: Vec<&str> = anerisc_stdlib::MODULES.iter().map(|m| m.name).chain(["Printf"]).collect();
    let loaded = load_program(roots, include_dirs, &library_names);
    let (sources, loaded_roots) = (loaded.sources, loaded.roots);
    let mut diagnostics = loaded.diagnostics;
    let mut modules: Vec<CheckedModule> = Vec::new();
    let mut checked_index = Vec::with_capacity(loaded.units.len());
    // A program whose files do not all parse and load is not type-checked: its missing
    // modules would only be reported again as unbound.
    let mut units = loaded.units;
    if has_errors(&diagnostics) {
        units.clear();
    }
    for unit in units {
        let earlier: Vec<TypedModule> = modules.iter().map(|m| m.typed.clone()).collect();
        let (typed, found) = typing::check_module(library, &earlier, &unit.module_name, &unit.ast);
        diagnostics.extend(found);
        let Some(typed) = typed else {
            checked_index.push(None);
            continue;
        };
        let typer = Predicates(PredicateEnv { library, module: Some(&typed) });
        let text = &sources.get(unit.file).text;
        let (protocols, found) = collect(&unit.ast, unit.file, text, &typer);
        // A protocol that did not validate has had its types reported already.
        if !has_errors(&found) {
            diagnostics.extend(check_serializer_types(&typer.0, &protocols, text));
        }
        diagnostics.extend(found);
        checked_index.push(Some(modules.len()));
        modules.push(CheckedModule { path: unit.path, file: unit.file, ast: unit.ast, typed, protocols });
    }
    let roots = loaded_roots.iter().map(|r| r.and_then(|u| checked_index.get(u).copied().flatten())).collect();
    CheckedProgram { sources, modules, roots, diagnostics }
}

/// The note, given once per program by `anerisc check` when the session checker cannot run
/// on it (the program cannot be lowered to the IR, `why`), that its protocols were
/// validated but channels were not checked against them.
pub fn protocols_not_checked(protocols: &ModuleProtocols, why: &str) -> Diagnostic {
    let span = protocols
        .table
        .iter()
        .next()
        .map(|d| d.name.span)
        .or_else(|| protocols.uses.first().map(|u| u.name.span))
        .unwrap_or_default();
    Diagnostic::new(Code::ProtocolsNotChecked, "protocols were parsed and validated, but channels are not checked against them yet", span)
        .with_severity(Severity::Note)
        .with_label("validated: syntax, scopes, predicate and message types")
        .with_note(format!("the session checker works on the IR, and this program cannot be lowered to it: {why}"))
}

/// The type checker's predicate typing, seen through the interface protocol validation uses.
struct Predicates<'a>(PredicateEnv<'a>);

impl PredicateTyper for Predicates<'_> {
    fn check_predicate(&self, pred: &crate::ast::Expr, binders: &[(crate::ast::Ident, crate::ast::TypeExpr)]) -> Vec<Diagnostic> {
        self.0.check_predicate(pred, binders)
    }
}
