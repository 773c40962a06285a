//! `anerisc check FILE...`: type-check programs, check their channels against their session
//! protocols and prove their refinements and asserts (docs/protocols.md), print diagnostics and,
//! on request, the inferred signatures and every obligation with its verdict.

use anerisc_frontend::check::{check_program_with, load_library, protocols_not_checked, CheckedProgram};
use anerisc_diag::diagnostic::has_errors;
use anerisc_diag::render::{render_all, ColorChoice};
use anerisc_frontend::typing::print_signature;
use anerisc_ir::load::{library_sources, lower_checked, LoadError, LoadedProgram};
use anerisc_check::session::background::Background;
use anerisc_check::session::{self, Options, SessionReport};
use anerisc_check::smt::Prover;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// What `anerisc check` is asked to do besides checking.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckFlags {
    /// Print each file's signature.
    pub print_types: bool,
    /// List every obligation with its verdict and time.
    pub verbose: bool,
    /// Unproven asserts are errors.
    pub deny_unproven: bool,
    /// Sockets without a protocol are errors.
    pub deny_unchecked: bool,
}

/// A program through the checks: the frontend's result (with the session checker's
/// diagnostics added), its IR when it was lowered, and the session checker's report when it
/// ran.
pub struct Analysis {
    /// The frontend's result; its diagnostics include the session checker's.
    pub program: CheckedProgram,
    /// The IR, when the program was lowered.
    pub loaded: Option<LoadedProgram>,
    /// The session checker's report, when it ran.
    pub sessions: Option<SessionReport>,
}

/// How much of the pipeline [`analyse`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Lower only programs that use channels (`anerisc check`): a program the IR cannot
    /// lower gets a note that its protocols were not checked.
    CheckOnly,
    /// Always lower (`anerisc build`, `anerisc ir`): a program the IR cannot lower is a
    /// failure of the command (exit 2).
    Lower,
}

/// Runs the frontend once on `roots`, then (when it found no errors) lowers the program and
/// checks its channels against their protocols. `Err` carries the exit code of a failure
/// already printed (the compiler itself failed, or the program cannot be lowered at
/// [`Depth::Lower`]).
pub fn analyse(roots: Vec<(PathBuf, String)>, include: &[PathBuf], options: Options, depth: Depth) -> Result<Analysis, ExitCode> {
    // Z3 starts on the checker's thread while the frontend runs, when the files named
    // suggest that the checker will be needed.
    let background = roots.iter().any(|(_, text)| mentions_channels(text)).then(Background::start).flatten();
    let library = load_library().map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })?;
    let program = check_program_with(&library, roots, include);
    let channels = uses_channels(&program);
    if has_errors(&program.diagnostics) || (depth == Depth::CheckOnly && !channels) {
        return Ok(Analysis { program, loaded: None, sessions: None });
    }
    let (program, loaded, sessions) = match lower_checked(&program, &library, &library_sources()) {
        Ok(loaded) if channels => {
            let LoadedProgram { program: ir, user_modules } = loaded;
            let (mut program, ir, report) = match background {
                Some(b) => b.check(program, ir, user_modules.clone(), options).ok_or_else(|| {
                    eprintln!("internal error: the session checker's thread failed");
                    ExitCode::from(2)
                })?,
                None => {
                    let report = session::check(&program, &ir, &user_modules, options, Prover::default());
                    (program, ir, report)
                }
            };
            program.diagnostics.extend(report.diagnostics.iter().cloned());
            (program, Some(LoadedProgram { program: ir, user_modules }), Some(report))
        }
        Ok(loaded) => (program, Some(loaded), None),
        Err(e) if depth == Depth::Lower => {
            eprintln!("{e}");
            return Err(ExitCode::from(2));
        }
        Err(e) => {
            let why = match &e {
                LoadError::Unsupported(u) => u.message.clone(),
                other => other.to_string().lines().next().unwrap_or_default().to_string(),
            };
            let mut program = program;
            if let Some(m) = program.modules.iter().find(|m| !m.protocols.is_empty()) {
                let note = protocols_not_checked(&m.protocols, &why);
                program.diagnostics.push(note);
            }
            (program, None, None)
        }
    };
    Ok(Analysis { program, loaded, sessions })
}

/// Prints `program`'s diagnostics to stderr and, when some are errors, their count; true
/// when there were errors.
pub fn report(program: &CheckedProgram, color: ColorChoice) -> bool {
    eprint!("{}", render_all(&program.diagnostics, &program.sources, color));
    if !has_errors(&program.diagnostics) {
        return false;
    }
    let errors = program.diagnostics.iter().filter(|d| d.is_error()).count();
    eprintln!("error: the program has {errors} error{}", if errors == 1 { "" } else { "s" });
    true
}

/// Checks `files`; prints diagnostics to stderr and, with the flags, signatures and
/// obligations to stdout. Exit 0 when there are no errors, 1 when there are, 2 when a file
/// cannot be read.
pub fn run(files: &[PathBuf], include: &[PathBuf], flags: CheckFlags, color: ColorChoice) -> ExitCode {
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
    let start = Instant::now();
    let options = Options { deny_unproven: flags.deny_unproven, deny_unchecked: flags.deny_unchecked };
    let analysis = match analyse(roots, include, options, Depth::CheckOnly) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let total = start.elapsed();
    let program = &analysis.program;
    let failed = report(program, color);
    if flags.verbose {
        print_obligations(analysis.sessions.as_ref(), total);
    }
    if failed {
        return ExitCode::from(1);
    }
    if flags.print_types {
        for module in program.roots.iter().flatten() {
            print!("{}", print_signature(&program.modules[*module].typed));
        }
    }
    ExitCode::SUCCESS
}

/// True when the program declares or uses protocols, or makes reliable-channel sockets.
fn uses_channels(program: &CheckedProgram) -> bool {
    program.modules.iter().any(|m| !m.protocols.is_empty() || mentions_channels(&program.sources.get(m.file).text))
}

/// True when a source text names what makes reliable channels or RPC endpoints, or
/// declares protocols.
fn mentions_channels(text: &str) -> bool {
    ["make_client_skt", "make_server_skt", "Rpc_code", "Mt_server_code", "@@@protocol"].iter().any(|w| text.contains(w))
}

/// `--verbose`: each obligation with its verdict and time, then the time split.
fn print_obligations(report: Option<&SessionReport>, total: std::time::Duration) {
    let Some(report) = report else {
        println!("no protocol obligations (the session checker did not run)");
        return;
    };
    for o in &report.obligations {
        let verdict = o.verdict.describe();
        let paths = if o.paths == 1 { String::new() } else { format!(", {} paths", o.paths) };
        println!("{}: {}: {verdict} [{:.2} ms{paths}]", o.place, o.what, o.time.as_secs_f64() * 1e3);
    }
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    let checker = report.walk_time + report.z3_time;
    println!(
        "{} obligation{}; time: frontend+lowering {:.2} ms, protocol walk {:.2} ms, Z3 {:.2} ms",
        report.obligations.len(),
        if report.obligations.len() == 1 { "" } else { "s" },
        ms(total.saturating_sub(checker)),
        ms(report.walk_time),
        ms(report.z3_time)
    );
}
