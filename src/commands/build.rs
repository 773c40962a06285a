//! `anerisc build FILE -o OUT`: compile a program to a native executable, or emit an
//! intermediate form (the driver's build stages).

use crate::report;
use anerisc_backend::OptLevel;
use anerisc_diag::render::ColorChoice;
use anerisc_driver::build::{build, Artifact, Emit, Timings};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What `anerisc build` produces, as the command line names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum EmitArg {
    /// A linked executable.
    Exe,
    /// The object file only.
    Obj,
    /// The IR's text form.
    Ir,
    /// Cranelift's IR text.
    Clif,
}

impl From<EmitArg> for Emit {
    fn from(e: EmitArg) -> Emit {
        match e {
            EmitArg::Exe => Emit::Exe,
            EmitArg::Obj => Emit::Obj,
            EmitArg::Ir => Emit::Ir,
            EmitArg::Clif => Emit::Clif,
        }
    }
}

/// Builds `path` into `out` (or the file's stem next to it); exit code 0 on success, 1 when
/// the program has errors (protocol errors included: the diagnostics are `anerisc check`'s),
/// 2 when the compiler cannot build it. With `timings`, prints how long each stage took.
pub fn run(path: &PathBuf, include: &[PathBuf], out: Option<&Path>, opt: OptLevel, emit: Emit, timings: bool) -> ExitCode {
    let out = out.map_or_else(|| emit.default_output(path), Path::to_path_buf);
    let mut clock = Timings::default();
    let built = build(path, include, opt, emit, &out, &mut clock);
    if timings {
        eprint!("{}", clock.text());
    }
    match built {
        Ok(Artifact::Linked) => ExitCode::SUCCESS,
        Ok(Artifact::Bytes(bytes)) => write(&out, &bytes),
        Err(failure) => report::failure(&failure, ColorChoice::Plain),
    }
}

/// Writes an emitted form to `out` (`-`: standard output).
fn write(out: &Path, bytes: &[u8]) -> ExitCode {
    if out == Path::new("-") {
        use std::io::Write;
        let _ = std::io::stdout().write_all(bytes);
        return ExitCode::SUCCESS;
    }
    match std::fs::write(out, bytes) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write `{}`: {e}", out.display());
            ExitCode::from(2)
        }
    }
}
