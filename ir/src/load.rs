//! From a checked program to a verified IR program: the program's modules are lowered after
//! the library modules written in OCaml that they need (typed by the frontend's
//! `library_modules`), and the verifier checks the result. [`load`] runs the frontend and this
//! in one call, for the IR crates' tests; the commands go through `anerisc-driver`, which
//! also runs the session checker.

use crate::ir::Program;
use crate::lower::{lower_program, LowerError, ModuleInput};
use crate::verify::{verify, VerifyError};
use anerisc_frontend::check::{check_program_with, load_library, CheckedProgram};
use anerisc_diag::diagnostic::has_errors;
use anerisc_diag::render::{render_all, ColorChoice};
use anerisc_frontend::library_modules::check_needed;
use anerisc_frontend::typing::Library;
use std::path::PathBuf;

/// The library modules written in OCaml (`stdlib/ml/`), `(module, source)` in dependency
/// order: what [`load`] lowers with a program (the modules it needs).
pub fn library_sources() -> Vec<(&'static str, &'static str)> {
    anerisc_stdlib::ML_SOURCES.iter().map(|m| (m.name, m.source)).collect()
}

/// Why a program could not be turned into IR.
#[derive(Debug)]
pub enum LoadError {
    /// The program has errors; the rendered diagnostics (exit code 1).
    Program(String),
    /// The compiler failed (library sources that do not check, lowering or verification
    /// failures); the message (exit code 2).
    Internal(String),
    /// A construct the IR does not support yet (exit code 2).
    Unsupported(LowerError),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Program(s) => f.write_str(s),
            LoadError::Internal(s) => f.write_str(s),
            LoadError::Unsupported(e) => write!(f, "error: {e}"),
        }
    }
}

impl From<VerifyError> for LoadError {
    fn from(e: VerifyError) -> Self {
        LoadError::Internal(e.to_string())
    }
}

/// A verified program and the names of the user's modules (library modules excluded).
#[derive(Debug)]
pub struct LoadedProgram {
    /// The IR.
    pub program: Program,
    /// The user's modules, in order.
    pub user_modules: Vec<String>,
}

/// For tests of the IR crates: checks and lowers the program whose root file is `path` (text
/// `text`), with user modules also searched in `include`, without the session checker; `library_sources` are the library modules written in
/// OCaml, `(module name, source text)`, in dependency order.
pub fn load(path: PathBuf, text: String, include: &[PathBuf], library_sources: &[(&str, &str)], color: ColorChoice) -> Result<LoadedProgram, LoadError> {
    let library = load_library().map_err(|e| LoadError::Internal(format!("error: {e}")))?;
    let checked = check_program_with(&library, vec![(path, text)], include);
    if has_errors(&checked.diagnostics) {
        return Err(LoadError::Program(rendered_errors(&checked, color)));
    }
    lower_checked(&checked, &library, library_sources)
}

/// The diagnostics of a program that has errors, rendered, with the closing count.
pub fn rendered_errors(checked: &CheckedProgram, color: ColorChoice) -> String {
    let errors = checked.diagnostics.iter().filter(|d| d.is_error()).count();
    let mut text = render_all(&checked.diagnostics, &checked.sources, color);
    text.push_str(&format!("error: the program has {errors} error{}\n", if errors == 1 { "" } else { "s" }));
    text
}

/// Lowers a program the frontend has checked without errors (`checked`, with the library
/// interfaces `library` it was checked against) together with the modules of
/// `library_sources` it needs, so that the frontend runs once per compiler run.
pub fn lower_checked(checked: &CheckedProgram, library: &Library, library_sources: &[(&str, &str)]) -> Result<LoadedProgram, LoadError> {
    let user_texts: Vec<&str> = checked.modules.iter().map(|m| checked.sources.get(m.file).text.as_str()).collect();
    let lib = check_needed(library, library_sources, &user_texts).map_err(|e| LoadError::Internal(e.to_string()))?;
    let mut inputs: Vec<ModuleInput> = lib
        .typed
        .iter()
        .zip(&lib.parsed)
        .map(|(typed, (ast, file))| ModuleInput { typed, source: lib.sources.get(*file), ast, library: true })
        .collect();
    for m in &checked.modules {
        inputs.push(ModuleInput { typed: &m.typed, source: checked.sources.get(m.file), ast: &m.ast, library: false });
    }
    let program = lower_program(&inputs, library.table.id).map_err(LoadError::Unsupported)?;
    verify(&program, "lower")?;
    let user_modules = checked.modules.iter().map(|m| m.typed.name.clone()).collect();
    Ok(LoadedProgram { program, user_modules })
}
