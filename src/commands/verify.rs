//! `anerisc verify FILE`: verify a whole system by pretend synchrony (ir/SYNC.md): its nodes
//! are synchronized into one sequential program whose obligations (asserts, loop invariants,
//! the launcher's `[@@ensures]`) Z3 decides. Prints each obligation with its verdict and the
//! verdict on the system; with `--show-sync`, the synchronized program first.

use super::check::{analyse, report, Depth};
use super::ir::read_source;
use anerisc_check::session::Options;
use anerisc_check::smt::Prover;
use anerisc_check::sync::print::program_text;
use anerisc_check::sync::system::synchronized;
use anerisc_check::sync::vc::{self, Obligation};
use anerisc_diag::diagnostic::Diagnostic;
use anerisc_diag::render::{render_all, ColorChoice};
use anerisc_diag::span::SourceMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

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
    let text = match read_source(path) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let start = Instant::now();
    let analysis = match analyse(vec![(path.clone(), text)], include, Options::default(), Depth::Lower) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let program = &analysis.program;
    // The frontend's warnings are printed as `anerisc check` prints them; errors stop here.
    if report(program, color) {
        return ExitCode::from(1);
    }
    let (Some(loaded), Some(Some(root))) = (&analysis.loaded, program.roots.first()) else {
        eprintln!("error: `{}` gives no program to verify", path.display());
        return ExitCode::from(1);
    };
    let module = &program.modules[*root];
    let frontend = start.elapsed();
    let sync_start = Instant::now();
    let synced = synchronized(&loaded.program, &loaded.user_modules, &module.ast, module.file);
    let sync_time = sync_start.elapsed();
    let synced = match synced {
        Ok(s) => s,
        Err(d) => return fail(vec![*d], &program.sources, color),
    };
    if flags.show_sync {
        print!("{}", program_text(&synced));
        println!();
    }
    let mut prover = Prover::default();
    let z3_start = Instant::now();
    let obligations = match vc::verify(&synced, &mut prover) {
        Ok(o) => o,
        Err(d) => return fail(vec![*d], &program.sources, color),
    };
    let z3_time = z3_start.elapsed();
    for o in &obligations {
        println!("{}: {}", o.what, o.verdict.describe());
    }
    if flags.timings {
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        eprintln!("frontend+lowering {:.2} ms, synchronization {:.2} ms, verification conditions and Z3 {:.2} ms, total {:.2} ms", ms(frontend), ms(sync_time), ms(z3_time), ms(start.elapsed()));
    }
    let failed: Vec<&Obligation> = obligations.iter().filter(|o| !o.verdict.is_proven()).collect();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if failed.is_empty() {
        println!("verified: {} obligation{} proven", obligations.len(), plural(obligations.len()));
        return ExitCode::SUCCESS;
    }
    println!("not verified: {} of {} obligation{} not proven", failed.len(), obligations.len(), plural(obligations.len()));
    let diagnostics = failed.iter().map(|o| o.diagnostic(synced.file)).collect();
    fail(diagnostics, &program.sources, color)
}

/// Prints `diagnostics` and returns exit code 1.
fn fail(diagnostics: Vec<Diagnostic>, sources: &SourceMap, color: ColorChoice) -> ExitCode {
    eprint!("{}", render_all(&diagnostics, sources, color));
    eprintln!("error: the system is not verified");
    ExitCode::from(1)
}
