//! `anerisc ir FILE`: print the program's IR in its stable text format, with the session
//! checker's protocol states on channel instructions and the verdicts of its obligations.

use crate::report;
use anerisc_check::session::Options;
use anerisc_diag::render::ColorChoice;
use anerisc_driver::analysis::{analyse, Depth};
use anerisc_driver::sources::read;
use anerisc_ir::print::{print_program_with, Comments};
use std::path::PathBuf;
use std::process::ExitCode;

/// Prints the IR of the user's modules of the program rooted at `path` (with `library`, the
/// library modules' too). A program with protocol errors is printed too (the errors go to
/// stderr, exit code 1); one with errors of the frontend is not.
pub fn run(path: &PathBuf, include: &[PathBuf], library: bool, color: ColorChoice) -> ExitCode {
    let analysis = match read(path).and_then(|text| analyse(vec![(path.clone(), text)], include, Options::default(), Depth::Lower)) {
        Ok(a) => a,
        Err(failure) => return report::failure(&failure, color),
    };
    let program = &analysis.program;
    let Some(loaded) = &analysis.loaded else {
        report::diagnostics(&program.diagnostics, &program.sources, color);
        return ExitCode::from(1);
    };
    let users = &loaded.user_modules;
    let none = Comments::default();
    let comments = analysis.sessions.as_ref().map_or(&none, |s| &s.comments);
    print!("{}", print_program_with(&loaded.program, &|m| library || users.iter().any(|u| u == m), comments));
    if analysis.has_errors() {
        report::diagnostics(&program.diagnostics, &program.sources, color);
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
