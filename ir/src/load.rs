//! From source files to a verified IR program: the frontend checks the program, the
//! library modules written in OCaml that it needs are parsed and checked (each after those
//! it uses), and everything is lowered together, library first.

use crate::ir::Program;
use crate::lower::{lower_program, LowerError, ModuleInput};
use crate::verify::{verify, VerifyError};
use anerisc_frontend::check::{check_program_with, load_library, CheckedProgram};
use anerisc_diag::diagnostic::has_errors;
use anerisc_frontend::parser::parse_implementation;
use anerisc_diag::render::{render_all, ColorChoice};
use anerisc_diag::span::SourceMap;
use anerisc_frontend::typing::{check_module, Library, TypedModule};
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

/// Checks and lowers the program whose root file is `path` (text `text`), with user modules
/// also searched in `include`; `library_sources` are the library modules written in
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
    let library_sources = needed(library_sources, &user_texts);
    let mut lib_sources = SourceMap::new();
    let mut lib_typed: Vec<TypedModule> = Vec::with_capacity(library_sources.len());
    let mut lib_parsed: Vec<(anerisc_frontend::ast::Module, anerisc_diag::span::FileId)> = Vec::with_capacity(library_sources.len());
    for (name, source) in &library_sources {
        let file = lib_sources.add(format!("{}.ml", name.to_lowercase()), source.to_string());
        let ast = parse_implementation(file, source).map_err(|d| LoadError::Internal(format!("internal error: library module {name} does not parse:\n{}", render_all(&d, &lib_sources, ColorChoice::Plain))))?;
        let (typed, diags) = check_module(library, &lib_typed, name, &ast);
        let typed = typed.ok_or_else(|| LoadError::Internal(format!("internal error: library module {name} does not type-check:\n{}", render_all(&diags, &lib_sources, ColorChoice::Plain))))?;
        lib_typed.push(typed);
        lib_parsed.push((ast, file));
    }
    let mut inputs: Vec<ModuleInput> = lib_typed
        .iter()
        .zip(&lib_parsed)
        .map(|(typed, (ast, file))| ModuleInput { typed, source: lib_sources.get(*file), ast, library: true })
        .collect();
    for m in &checked.modules {
        inputs.push(ModuleInput { typed: &m.typed, source: checked.sources.get(m.file), ast: &m.ast, library: false });
    }
    let program = lower_program(&inputs, library.table.id).map_err(LoadError::Unsupported)?;
    verify(&program, "lower")?;
    let user_modules = checked.modules.iter().map(|m| m.typed.name.clone()).collect();
    Ok(LoadedProgram { program, user_modules })
}

/// The library modules (of `library_sources`, in dependency order) that the program whose
/// modules' texts are `user_texts` needs: those the texts name, and those the needed library
/// modules' texts name in turn. A program reaches a library module only by naming it (a
/// qualified name or an `open`) or through another library module that names it, so the
/// others need not be checked and lowered; a name in a comment only costs time.
fn needed<'a>(library_sources: &[(&'a str, &'a str)], user_texts: &[&str]) -> Vec<(&'a str, &'a str)> {
    let names = |text: &str, module: &str| text.match_indices(module).any(|(i, _)| !text[i + module.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_'));
    let mut keep = vec![false; library_sources.len()];
    for (i, (name, _)) in library_sources.iter().enumerate().rev() {
        let named_later = library_sources[i + 1..].iter().zip(&keep[i + 1..]).any(|((_, text), kept)| *kept && names(text, name));
        keep[i] = named_later || user_texts.iter().any(|t| names(t, name));
    }
    library_sources.iter().zip(keep).filter(|(_, k)| *k).map(|(m, _)| *m).collect()
}

#[cfg(test)]
mod tests {
    use super::needed;

    #[test]
    fn library_modules_are_kept_when_named_directly_or_through_another() {
        let lib = [("List", "let rev l = l"), ("List_code", "let x = 1"), ("Set_code", "open List_code"), ("Rpc_code", "let f = Set_code.x")];
        fn names(kept: Vec<(&'static str, &'static str)>) -> Vec<&'static str> {
            kept.into_iter().map(|(n, _)| n).collect()
        }
        assert_eq!(names(needed(&lib, &["let y = Rpc_code.f"])), ["List_code", "Set_code", "Rpc_code"]);
        assert_eq!(names(needed(&lib, &["open List_code"])), ["List_code"]);
        assert_eq!(names(needed(&lib, &["let z = List.rev []"])), ["List"]);
        assert!(needed(&lib, &["let w = 1"]).is_empty());
    }
}
