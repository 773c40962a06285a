//! `anerisc check FILE...`: type-check programs, check their channels against their session
//! protocols and prove their refinements and asserts (PROTOCOLS.md), print diagnostics and,
//! on request, the inferred signatures and every obligation with its verdict.

use anerisc_frontend::check::{check_program, protocols_not_checked, CheckedProgram};
use anerisc_frontend::diagnostic::has_errors;
use anerisc_frontend::render::{render_all, ColorChoice};
use anerisc_frontend::typing::print_signature;
use anerisc_ir::load::{load, LoadError};
use anerisc_ir::session::{self, Options, SessionReport};
use anerisc_ir::smt::Verdict;
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
    let mut program = match check_program(roots.clone(), include) {
        Ok(program) => program,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut sessions = None;
    if !has_errors(&program.diagnostics) && uses_channels(&program) {
        sessions = check_sessions(&mut program, &roots, include, flags, color);
    }
    let total = start.elapsed();
    eprint!("{}", render_all(&program.diagnostics, &program.sources, color));
    if flags.verbose {
        print_obligations(sessions.as_ref(), total);
    }
    if has_errors(&program.diagnostics) {
        let errors = program.diagnostics.iter().filter(|d| d.is_error()).count();
        eprintln!("error: the program has {errors} error{}", if errors == 1 { "" } else { "s" });
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
    program.modules.iter().any(|m| {
        let text = &program.sources.get(m.file).text;
        !m.protocols.is_empty() || ["make_client_skt", "make_server_skt", "Rpc_code", "Mt_server_code"].iter().any(|w| text.contains(w))
    })
}

/// Lowers the program and runs the session checker, adding its diagnostics to `program`'s.
/// When the program cannot be lowered, says once that its protocols were not checked.
fn check_sessions(program: &mut CheckedProgram, roots: &[(PathBuf, String)], include: &[PathBuf], flags: CheckFlags, color: ColorChoice) -> Option<SessionReport> {
    let (path, text) = roots.first()?.clone();
    let options = Options { deny_unproven: flags.deny_unproven, deny_unchecked: flags.deny_unchecked };
    match load(path, text, include, &super::ir::library_sources(), color) {
        Ok(loaded) => {
            let report = session::check(program, &loaded.program, &loaded.user_modules, options);
            program.diagnostics.extend(report.diagnostics.iter().cloned());
            Some(report)
        }
        Err(e) => {
            let why = match &e {
                LoadError::Unsupported(u) => u.message.clone(),
                other => other.to_string().lines().next().unwrap_or_default().to_string(),
            };
            if let Some(m) = program.modules.iter().find(|m| !m.protocols.is_empty()) {
                let note = protocols_not_checked(&m.protocols, &why);
                program.diagnostics.push(note);
            }
            None
        }
    }
}

/// `--verbose`: each obligation with its verdict and time, then the time split.
fn print_obligations(report: Option<&SessionReport>, total: std::time::Duration) {
    let Some(report) = report else {
        println!("no protocol obligations (the session checker did not run)");
        return;
    };
    for o in &report.obligations {
        let verdict = match &o.verdict {
            Verdict::Proven => "proven".to_string(),
            Verdict::Refuted(_) => "NOT proven (counterexample)".to_string(),
            Verdict::Unknown(why) => format!("unknown ({why})"),
        };
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
