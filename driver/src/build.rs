//! The native stages: code generation through Cranelift, then linking against the runtime
//! with the system `cc`; or the IR or Cranelift's IR as text. Each stage's time is recorded
//! in [`Timings`] (`anerisc build --timings`).

use crate::analysis::{analyse, Depth};
use crate::failure::Failure;
use crate::sources::read;
use anerisc_backend::{compile, link::link, OptLevel};
use anerisc_check::session::Options;
use anerisc_ir::load::LoadedProgram;
use anerisc_ir::print::print_program;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a build produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

impl Emit {
    /// The file a build of `path` writes when no output is named: `path` without its
    /// extension for an executable, else with the emitted form's extension.
    pub fn default_output(self, path: &Path) -> PathBuf {
        path.with_extension(match self {
            Emit::Exe => "",
            Emit::Obj => "o",
            Emit::Ir => "ir",
            Emit::Clif => "clif",
        })
    }
}

/// What a build gave: an executable linked at the output path, or the bytes of the emitted
/// form for the caller to write.
#[derive(Debug)]
pub enum Artifact {
    /// The executable is at the output path.
    Linked,
    /// The object file, the IR or Cranelift's IR.
    Bytes(Vec<u8>),
}

/// The wall-clock time of each stage of a build.
#[derive(Debug)]
pub struct Timings {
    last: Instant,
    phases: Vec<(&'static str, Duration)>,
}

impl Default for Timings {
    fn default() -> Timings {
        Timings { last: Instant::now(), phases: Vec::new() }
    }
}

impl Timings {
    /// Ends the stage `name` (it began where the previous one ended).
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.phases.push((name, now - self.last));
        self.last = now;
    }

    /// The table `--timings` prints: a line per stage and the total, in seconds.
    pub fn text(&self) -> String {
        let total: Duration = self.phases.iter().map(|(_, d)| *d).sum();
        let mut text = String::from("timings (seconds):\n");
        for (name, d) in self.phases.iter().chain([&("total", total)]) {
            text.push_str(&format!("  {name:<34} {:>8.4}\n", d.as_secs_f64()));
        }
        text
    }
}

/// Builds the program rooted at `path`: checks it (protocols included), then emits `emit`;
/// an executable is linked at `out`.
pub fn build(path: &PathBuf, include: &[PathBuf], opt: OptLevel, emit: Emit, out: &Path, clock: &mut Timings) -> Result<Artifact, Failure> {
    let loaded = checked_ir(path, include)?;
    clock.lap("frontend, protocol check, lowering");
    if emit == Emit::Ir {
        return Ok(Artifact::Bytes(print_program(&loaded.program, &|_| true).into_bytes()));
    }
    let (object, clif) = compile(&loaded.program, opt, emit == Emit::Clif).map_err(|e| Failure::Compiler(e.to_string()))?;
    clock.lap("code generation");
    let artifact = match emit {
        Emit::Clif => Artifact::Bytes(clif.unwrap_or_default().into_bytes()),
        Emit::Obj => Artifact::Bytes(object),
        Emit::Exe | Emit::Ir => {
            link(&object, out).map_err(|e| Failure::Compiler(e.to_string()))?;
            Artifact::Linked
        }
    };
    clock.lap(if emit == Emit::Exe { "link" } else { "write" });
    Ok(artifact)
}

/// The IR of the program rooted at `path`, when the frontend and the session checker found
/// no errors.
pub fn checked_ir(path: &PathBuf, include: &[PathBuf]) -> Result<LoadedProgram, Failure> {
    let text = read(path)?;
    analyse(vec![(path.clone(), text)], include, Options::default(), Depth::Lower)?.into_checked_ir()
}

#[cfg(test)]
mod tests {
    use super::Timings;
    use std::time::Duration;

    #[test]
    fn timings_list_the_phases_in_order_and_their_total() {
        let mut clock = Timings::default();
        clock.lap("frontend");
        clock.lap("link");
        clock.phases[0].1 = Duration::from_millis(250);
        clock.phases[1].1 = Duration::from_millis(1500);
        let text = clock.text();
        let lines: Vec<Vec<&str>> = text.lines().skip(1).map(|l| l.split_whitespace().collect()).collect();
        assert_eq!(lines, [["frontend", "0.2500"], ["link", "1.5000"], ["total", "1.7500"]]);
    }
}
