//! `anerisc check FILE...`: type-check programs, check their channels against their session
//! protocols and prove their refinements and asserts (docs/protocols.md), print diagnostics
//! and, on request, the inferred signatures and every obligation with its verdict.

use crate::report;
use anerisc_check::session::{Options, SessionReport};
use anerisc_diag::render::ColorChoice;
use anerisc_driver::analysis::{analyse, Depth};
use anerisc_driver::sources::read_all;
use anerisc_frontend::typing::print_signature;
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
    let start = Instant::now();
    let options = Options { deny_unproven: flags.deny_unproven, deny_unchecked: flags.deny_unchecked };
    let analysis = match read_all(files).and_then(|roots| analyse(roots, include, options, Depth::CheckOnly)) {
        Ok(a) => a,
        Err(failure) => return report::failure(&failure, color),
    };
    let total = start.elapsed();
    let program = &analysis.program;
    let failed = report::diagnostics(&program.diagnostics, &program.sources, color);
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
