//! `anerisc ir FILE`: print the program's IR in its stable text format, with the session
//! checker's protocol states on channel instructions and the verdicts of its obligations.

use super::check::{analyse, report, Depth};
use anerisc_diag::diagnostic::has_errors;
use anerisc_diag::render::ColorChoice;
pub use anerisc_ir::load::library_sources;
use anerisc_ir::load::{load, LoadError};
use anerisc_ir::print::{print_program_with, Comments};
use anerisc_check::session::Options;
use std::path::PathBuf;
use std::process::ExitCode;

/// The text of the file `path`; prints the failure and returns exit code 2 when it cannot be
/// read.
pub fn read_source(path: &PathBuf) -> Result<String, ExitCode> {
    std::fs::read_to_string(path).map_err(|e| {
        eprintln!("error[E0209]: cannot read `{}`: {e}", path.display());
        ExitCode::from(2)
    })
}

/// Reads `path`, checks and lowers the program (without the session checker); prints a
/// failure and returns its exit code.
pub fn load_file(path: &PathBuf, include: &[PathBuf], color: ColorChoice) -> Result<anerisc_ir::load::LoadedProgram, ExitCode> {
    let text = read_source(path)?;
    load(path.clone(), text, include, &library_sources(), color).map_err(|e| {
        eprint!("{e}");
        if !matches!(e, LoadError::Program(_)) {
            eprintln!();
        }
        ExitCode::from(if matches!(e, LoadError::Program(_)) { 1 } else { 2 })
    })
}

/// Prints the IR of the user's modules of the program rooted at `path` (with `library`, the
/// library modules' too). A program with protocol errors is printed too (the errors go to
/// stderr, exit code 1); one with errors of the frontend is not.
pub fn run(path: &PathBuf, include: &[PathBuf], library: bool, color: ColorChoice) -> ExitCode {
    let text = match read_source(path) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let analysis = match analyse(vec![(path.clone(), text)], include, Options::default(), Depth::Lower) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let Some(loaded) = &analysis.loaded else {
        report(&analysis.program, color);
        return ExitCode::from(1);
    };
    let users = &loaded.user_modules;
    let none = Comments::default();
    let comments = analysis.sessions.as_ref().map_or(&none, |s| &s.comments);
    print!("{}", print_program_with(&loaded.program, &|m| library || users.iter().any(|u| u == m), comments));
    if has_errors(&analysis.program.diagnostics) {
        report(&analysis.program, color);
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
