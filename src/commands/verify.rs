//! `anerisc verify FILE`: verify a whole system by pretend synchrony (the driver's
//! [`verify_system`]). Prints each obligation with its verdict and the verdict on the system;
//! with `--show-sync`, the synchronized program first.

use crate::report;
use anerisc_check::sync::print::program_text;
use anerisc_diag::diagnostic::Diagnostic;
use anerisc_diag::render::{render_all, ColorChoice};
use anerisc_diag::span::SourceMap;
use anerisc_driver::system::{verify_system, SystemVerdict};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// What `anerisc verify` is asked to print besides the verdict.
#[derive(Debug, Clone, Copy, Default)]
pub struct VerifyFlags {
    /// Print the synchronized program.
    pub show_sync: bool,
    /// Print how long each phase took (to stderr).
    pub timings: bool,
}

/// Verifies the system in `path`. Exit 0 when every obligation is proven, 1 when the program
/// has errors, is outside what the synchronization handles or an obligation is not proven, 2
/// when the file cannot be read.
pub fn run(path: &PathBuf, include: &[PathBuf], flags: VerifyFlags, color: ColorChoice) -> ExitCode {
    let v = match verify_system(path, include) {
        Ok(v) => v,
        Err(failure) => return report::failure(&failure, color),
    };
    // The frontend's warnings are printed as `anerisc check` prints them.
    report::diagnostics(&v.warnings, &v.sources, color);
    if let (true, Some(synced)) = (flags.show_sync, &v.synced) {
        print!("{}", program_text(synced));
        println!();
    }
    let (obligations, refuted) = match v.verdict {
        SystemVerdict::Rejected(d) => return not_verified(vec![d], &v.sources, color),
        SystemVerdict::Decided { obligations, refuted } => (obligations, refuted),
    };
    for o in &obligations {
        println!("{}: {}", o.what, o.verdict.describe());
    }
    if flags.timings {
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let t = v.times;
        eprintln!(
            "frontend+lowering {:.2} ms, synchronization {:.2} ms, verification conditions and Z3 {:.2} ms, total {:.2} ms",
            ms(t.frontend),
            ms(t.synchronization),
            ms(t.z3),
            ms(t.frontend + t.synchronization + t.z3)
        );
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if refuted.is_empty() {
        println!("verified: {} obligation{} proven", obligations.len(), plural(obligations.len()));
        return ExitCode::SUCCESS;
    }
    println!("not verified: {} of {} obligation{} not proven", refuted.len(), obligations.len(), plural(obligations.len()));
    not_verified(refuted, &v.sources, color)
}

/// Prints why the system is not verified and returns exit code 1.
fn not_verified(diagnostics: Vec<Diagnostic>, sources: &SourceMap, color: ColorChoice) -> ExitCode {
    eprint!("{}", render_all(&diagnostics, sources, color));
    eprintln!("error: the system is not verified");
    ExitCode::from(1)
}
