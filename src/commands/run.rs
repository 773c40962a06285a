//! `anerisc run --interp FILE -- ARGS`: run a program with the IR's reference interpreter.

use anerisc_frontend::render::ColorChoice;
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs the program rooted at `path` with `args` as its command-line arguments; the exit
/// code is the program's (2 after an uncaught exception, as in OCaml).
pub fn run(interp: bool, path: &PathBuf, include: &[PathBuf], args: &[String]) -> ExitCode {
    if !interp {
        eprintln!("error: not supported yet: compiled execution; use `anerisc run --interp FILE`");
        return ExitCode::from(2);
    }
    let loaded = match super::ir::load_file(path, include, ColorChoice::Plain) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let mut argv = vec![path.display().to_string()];
    argv.extend(args.iter().cloned());
    let code = anerisc_ir::interp::run_program(loaded.program, argv);
    ExitCode::from(code)
}
