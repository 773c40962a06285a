//! `anerisc ir FILE`: print the program's IR in its stable text format.

use anerisc_frontend::render::ColorChoice;
pub use anerisc_ir::load::library_sources;
use anerisc_ir::load::{load, LoadError};
use anerisc_ir::print::print_program;
use std::path::PathBuf;
use std::process::ExitCode;

/// Reads `path`, checks and lowers the program; prints a failure and returns its exit code.
pub fn load_file(path: &PathBuf, include: &[PathBuf], color: ColorChoice) -> Result<anerisc_ir::load::LoadedProgram, ExitCode> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error[E0209]: cannot read `{}`: {e}", path.display());
            return Err(ExitCode::from(2));
        }
    };
    load(path.clone(), text, include, &library_sources(), color).map_err(|e| {
        eprint!("{e}");
        if !matches!(e, LoadError::Program(_)) {
            eprintln!();
        }
        ExitCode::from(if matches!(e, LoadError::Program(_)) { 1 } else { 2 })
    })
}

/// Prints the IR of the user's modules of the program rooted at `path` (with `library`, the
/// library modules' too).
pub fn run(path: &PathBuf, include: &[PathBuf], library: bool, color: ColorChoice) -> ExitCode {
    match load_file(path, include, color) {
        Ok(loaded) => {
            let users = loaded.user_modules.clone();
            print!("{}", print_program(&loaded.program, &|m| library || users.iter().any(|u| u == m)));
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}
