//! `anerisc run FILE -- ARGS`: build the program natively into the cache (once per content)
//! and run the executable; `--interp`: run it with the IR's reference interpreter instead.
//! Either way the driver has checked it, protocols included, first.

use crate::report;
use anerisc_diag::render::ColorChoice;
use anerisc_driver::cache::{cached_executable, fill};
use anerisc_driver::failure::Failure;
use anerisc_driver::interpret::interpret;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Runs the program rooted at `path` with `args` as its command-line arguments; the exit
/// code is the program's (2 after an uncaught exception, as in OCaml).
pub fn run(interp: bool, path: &PathBuf, include: &[PathBuf], args: &[String]) -> ExitCode {
    let ran = if interp { interpret(path, include, args).map(ExitCode::from) } else { native(path, include, args) };
    ran.unwrap_or_else(|failure| report::failure(&failure, ColorChoice::Plain))
}

/// Runs the cached executable, built first when the cache does not hold it.
fn native(path: &PathBuf, include: &[PathBuf], args: &[String]) -> Result<ExitCode, Failure> {
    let exe = cached_executable(path, include)?;
    if !exe.is_file() {
        fill(&exe, path, include)?;
    }
    Err(exec(&exe, path, args))
}

/// Replaces this process with the executable (argument 0 is the program's file, as in
/// `--interp`), so its exit code and signals are the command's; returns only when it cannot.
fn exec(exe: &Path, path: &Path, args: &[String]) -> Failure {
    let e = Command::new(exe).arg0(path.display().to_string()).args(args).exec();
    Failure::Compiler(format!("cannot run `{}`: {e}", exe.display()))
}
