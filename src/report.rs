//! What the commands print about a program's diagnostics and the driver's failures: the
//! diagnostics through the one renderer, then a closing line; and the exit code.

use anerisc_diag::diagnostic::Diagnostic;
use anerisc_diag::render::{render, render_all, ColorChoice};
use anerisc_diag::span::SourceMap;
use anerisc_driver::failure::Failure;
use std::process::ExitCode;

/// Prints `diagnostics` to stderr and, when some are errors, their count; true when there
/// were errors.
pub fn diagnostics(diagnostics: &[Diagnostic], sources: &SourceMap, color: ColorChoice) -> bool {
    eprint!("{}", render_all(diagnostics, sources, color));
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        eprintln!("error: the program has {errors} error{}", if errors == 1 { "" } else { "s" });
    }
    errors > 0
}

/// Prints a failure to stderr and gives its exit code.
pub fn failure(failure: &Failure, color: ColorChoice) -> ExitCode {
    match failure {
        Failure::Rejected { diagnostics: found, sources } => {
            diagnostics(found, sources, color);
        }
        Failure::Input(d) => eprint!("{}", render(d, &SourceMap::new(), color)),
        Failure::Compiler(message) if message.starts_with("internal error") => eprintln!("{message}"),
        Failure::Compiler(message) => eprintln!("error: {message}"),
    }
    ExitCode::from(failure.exit_code())
}
