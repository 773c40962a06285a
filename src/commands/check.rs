//! `anerisc check FILE...`: type-check programs, print diagnostics and, on request, the
//! inferred signatures.

use anerisc_frontend::check::check_program;
use anerisc_frontend::diagnostic::has_errors;
use anerisc_frontend::render::{render_all, ColorChoice};
use anerisc_frontend::typing::print_signature;
use std::path::PathBuf;
use std::process::ExitCode;

/// Checks `files`; prints diagnostics to stderr and, with `print_types`, each file's
/// signature to stdout. Exit 0 when there are no errors, 1 when there are, 2 when a file
/// cannot be read.
pub fn run(files: &[PathBuf], include: &[PathBuf], print_types: bool, color: ColorChoice) -> ExitCode {
    let mut roots = Vec::with_capacity(files.len());
    for path in files {
        match std::fs::read_to_string(path) {
            Ok(text) => roots.push((path.clone(), text)),
            Err(e) => {
                eprintln!("error[E0209]: cannot read `{}`: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    let program = match check_program(roots, include) {
        Ok(program) => program,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    eprint!("{}", render_all(&program.diagnostics, &program.sources, color));
    if has_errors(&program.diagnostics) {
        let errors = program.diagnostics.iter().filter(|d| d.is_error()).count();
        eprintln!("error: the program has {errors} error{}", if errors == 1 { "" } else { "s" });
        return ExitCode::from(1);
    }
    if print_types {
        for module in program.roots.iter().flatten() {
            print!("{}", print_signature(&program.modules[*module].typed));
        }
    }
    ExitCode::SUCCESS
}
