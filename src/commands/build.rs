//! `anerisc build FILE -o OUT`: compile a program to a native executable (Cranelift, then
//! the system `cc` against the embedded runtime), or emit an intermediate form.

use anerisc_backend::{compile, link::link, OptLevel};
use anerisc_diag::diagnostic::has_errors;
use anerisc_diag::render::ColorChoice;
use anerisc_ir::load::LoadedProgram;
use anerisc_ir::print::print_program;
use anerisc_check::session::Options;
use super::check::{analyse, report, Depth};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// What `anerisc build` produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Emit {
    /// A linked executable.
    Exe,
    /// The object file only.
    Obj,
    /// The IR's text form.
    Ir,
    /// Cranelift's IR text.
    Clif,
}

/// The wall-clock time of each phase of a build (`anerisc build --timings` prints them).
struct Timings {
    last: Instant,
    phases: Vec<(&'static str, Duration)>,
}

impl Timings {
    fn start() -> Timings {
        Timings { last: Instant::now(), phases: Vec::new() }
    }

    /// Ends the phase `name` (it began where the previous one ended).
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.phases.push((name, now - self.last));
        self.last = now;
    }

    /// The table `--timings` prints: a line per phase and the total, in seconds.
    fn text(&self) -> String {
        let total: Duration = self.phases.iter().map(|(_, d)| *d).sum();
        let mut text = String::from("timings (seconds):\n");
        for (name, d) in self.phases.iter().chain([&("total", total)]) {
            text.push_str(&format!("  {name:<34} {:>8.4}\n", d.as_secs_f64()));
        }
        text
    }
}

/// Builds `path` into `out` (or the file's stem next to it); exit code 0 on success, 1 when
/// the program has errors (protocol errors included: the diagnostics are `anerisc check`'s),
/// 2 when the compiler cannot build it. With `timings`, prints how long each phase took.
pub fn run(path: &PathBuf, include: &[PathBuf], out: Option<&Path>, opt: OptLevel, emit: Emit, timings: bool) -> ExitCode {
    let mut clock = Timings::start();
    let code = build(path, include, out, opt, emit, &mut clock);
    if timings {
        eprint!("{}", clock.text());
    }
    code
}

fn build(path: &PathBuf, include: &[PathBuf], out: Option<&Path>, opt: OptLevel, emit: Emit, clock: &mut Timings) -> ExitCode {
    let loaded = match checked_ir(path, include) {
        Ok(l) => l,
        Err(code) => return code,
    };
    clock.lap("frontend, protocol check, lowering");
    let default_out = path.with_extension(match emit {
        Emit::Exe => "",
        Emit::Obj => "o",
        Emit::Ir => "ir",
        Emit::Clif => "clif",
    });
    let out = out.map(Path::to_path_buf).unwrap_or(default_out);
    if emit == Emit::Ir {
        let text = print_program(&loaded.program, &|_| true);
        return write(&out, text.as_bytes());
    }
    let (object, clif) = match compile(&loaded.program, opt, emit == Emit::Clif) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    clock.lap("code generation");
    let code = match emit {
        Emit::Clif => write(&out, clif.unwrap_or_default().as_bytes()),
        Emit::Obj => write(&out, &object),
        _ => match link(&object, &out) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
    };
    clock.lap(if emit == Emit::Exe { "link" } else { "write" });
    code
}

/// The IR of the program rooted at `path`, when the frontend and the session checker found
/// no errors; otherwise the exit code of the printed failure. Warnings and notes are left to
/// `anerisc check`, so that `anerisc run` prints only what the program prints.
fn checked_ir(path: &PathBuf, include: &[PathBuf]) -> Result<LoadedProgram, ExitCode> {
    let text = super::ir::read_source(path)?;
    let analysis = analyse(vec![(path.clone(), text)], include, Options::default(), Depth::Lower)?;
    if has_errors(&analysis.program.diagnostics) {
        report(&analysis.program, ColorChoice::Plain);
        return Err(ExitCode::from(1));
    }
    analysis.loaded.ok_or(ExitCode::from(2))
}

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

#[cfg(test)]
mod tests {
    use super::Timings;
    use std::time::Duration;

    #[test]
    fn timings_list_the_phases_in_order_and_their_total() {
        let mut clock = Timings::start();
        clock.lap("frontend");
        clock.lap("link");
        clock.phases[0].1 = Duration::from_millis(250);
        clock.phases[1].1 = Duration::from_millis(1500);
        let text = clock.text();
        let lines: Vec<Vec<&str>> = text.lines().skip(1).map(|l| l.split_whitespace().collect()).collect();
        assert_eq!(lines, [["frontend", "0.2500"], ["link", "1.5000"], ["total", "1.7500"]]);
    }
}
