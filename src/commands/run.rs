//! `anerisc run FILE -- ARGS`: build the program natively into the cache (once per content,
//! see [`super::cache`]) and run the executable; `--interp`: run it with the IR's reference
//! interpreter instead.

use super::build::{self, Emit};
use super::cache;
use anerisc_backend::OptLevel;
use anerisc_diag::render::ColorChoice;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// The build flags of cached executables (part of the cache key).
const FLAGS: &str = "-O2";

/// Runs the program rooted at `path` with `args` as its command-line arguments; the exit
/// code is the program's (2 after an uncaught exception, as in OCaml).
pub fn run(interp: bool, path: &PathBuf, include: &[PathBuf], args: &[String]) -> ExitCode {
    if interp {
        return interpret(path, include, args);
    }
    match cached_build(path, include) {
        Ok(exe) => exec(&exe, path, args),
        Err(code) => code,
    }
}

fn interpret(path: &PathBuf, include: &[PathBuf], args: &[String]) -> ExitCode {
    let loaded = match super::ir::load_file(path, include, ColorChoice::Plain) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let mut argv = vec![path.display().to_string()];
    argv.extend(args.iter().cloned());
    let code = anerisc_ir::interp::run_program(loaded.program, argv);
    ExitCode::from(code)
}

/// The cached executable of the program, built first when the cache does not hold it.
fn cached_build(path: &PathBuf, include: &[PathBuf]) -> Result<PathBuf, ExitCode> {
    if let Err(e) = std::fs::metadata(path) {
        eprintln!("error[E0209]: cannot read `{}`: {e}", path.display());
        return Err(ExitCode::from(2));
    }
    let located = cache::cache_root().and_then(|root| Ok(cache::executable(&root, &cache::key(path, include, FLAGS)?)));
    let exe = located.map_err(|e| fail(&e))?;
    if exe.is_file() {
        return Ok(exe);
    }
    let folder = exe.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(|e| fail(&format!("cannot create the cache folder `{}`: {e}", folder.display())))?;
    // Built under a name of its own, then renamed: a concurrent run never sees half a file.
    let partial = folder.join(format!("program.partial.{}", std::process::id()));
    let code = build::run(path, include, Some(partial.as_path()), OptLevel::Speed, Emit::Exe, false);
    if code != ExitCode::SUCCESS {
        let _ = std::fs::remove_file(&partial);
        return Err(code);
    }
    std::fs::rename(&partial, &exe).map_err(|e| fail(&format!("cannot move the executable into `{}`: {e}", exe.display())))?;
    Ok(exe)
}

/// Replaces this process with the executable (argument 0 is the program's file, as in
/// `--interp`), so its exit code and signals are the command's.
fn exec(exe: &Path, path: &Path, args: &[String]) -> ExitCode {
    let e = Command::new(exe).arg0(path.display().to_string()).args(args).exec();
    fail(&format!("cannot run `{}`: {e}", exe.display()))
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}
