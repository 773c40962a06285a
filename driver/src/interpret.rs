//! Running a program in the IR's reference interpreter, after the same checks as a build.

use crate::build::checked_ir;
use crate::failure::Failure;
use std::path::PathBuf;

/// Runs the program rooted at `path` with `args` as its command-line arguments (argument 0
/// is the file's name); its exit code (2 after an uncaught exception, as in OCaml).
pub fn interpret(path: &PathBuf, include: &[PathBuf], args: &[String]) -> Result<u8, Failure> {
    let loaded = checked_ir(path, include)?;
    let argv = std::iter::once(path.display().to_string()).chain(args.iter().cloned()).collect();
    Ok(anerisc_ir::interp::run_program(loaded.program, argv))
}
