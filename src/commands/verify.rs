//! `anerisc verify FILE`: verify a whole system by pretend synchrony (docs/verification.md):
//! its nodes are synchronized into one sequential program whose obligations (asserts, loop
//! invariants, the launcher's `[@@ensures]`) Z3 decides. Prints each obligation with its
//! verdict and the verdict on the system; with `--show-sync`, the synchronized program first.

use super::check::{analyse, report, Depth};
use super::ir::read_source;
use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::Diagnostic;
use anerisc_diag::render::{render_all, ColorChoice};
use anerisc_diag::span::{FileId, SourceMap, Span};
use anerisc_check::session::Options;
use anerisc_check::smt::{Prover, Verdict};
use anerisc_check::sync::error::{SyncError, SyncErrorKind};
use anerisc_check::sync::print::program_text;
use anerisc_check::sync::system::synchronized;
use anerisc_check::sync::vc::{self, Obligation};
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
    let synced = synchronized(&loaded.program, &loaded.user_modules, &module.ast, program.sources.get(module.file));
    let sync_time = sync_start.elapsed();
    let synced = match synced {
        Ok(s) => s,
        Err(e) => return rejected(&e, &program.sources, module.file, color),
    };
    if flags.show_sync {
        print!("{}", program_text(&synced));
        println!();
    }
    let mut prover = Prover::default();
    let z3_start = Instant::now();
    let obligations = match vc::verify(&synced, &mut prover) {
        Ok(o) => o,
        Err(u) => {
            return rejected(&SyncError::new(u.message, u.line), &program.sources, module.file, color);
        }
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
    let diagnostics = failed.iter().map(|o| refuted_diagnostic(o, &program.sources, module.file)).collect();
    fail(diagnostics, &program.sources, color)
}

/// The diagnostic for an obligation Z3 did not prove.
fn refuted_diagnostic(o: &Obligation, sources: &SourceMap, file: FileId) -> Diagnostic {
    let span = line_span(sources, file, o.line);
    match &o.verdict {
        Verdict::Refuted(values) => Diagnostic::new(Code::SyncRefuted, format!("{} does not hold", o.what), span)
            .with_label("Z3 found a counterexample")
            .with_note(format!("counterexample: {}", Verdict::counterexample(values))),
        other => Diagnostic::new(Code::SyncRefuted, format!("{} could not be proven", o.what), span).with_label(other.describe()),
    }
}

/// Prints the rejection `e` (as a diagnostic pointing at its lines, or as plain text when it
/// is about no line) and returns exit code 1.
fn rejected(e: &SyncError, sources: &SourceMap, file: FileId, color: ColorChoice) -> ExitCode {
    if e.line.is_some() {
        return fail(vec![sync_diagnostic(e, sources, file)], sources, color);
    }
    eprintln!("error[{}]: {}: {}", code_of(e).as_str(), sources.get(file).name, e.message);
    if let Some(help) = &e.help {
        eprintln!("  help: {help}");
    }
    eprintln!("error: the system is not verified");
    ExitCode::from(1)
}

/// Prints `diagnostics` and returns exit code 1.
fn fail(diagnostics: Vec<Diagnostic>, sources: &SourceMap, color: ColorChoice) -> ExitCode {
    eprint!("{}", render_all(&diagnostics, sources, color));
    eprintln!("error: the system is not verified");
    ExitCode::from(1)
}

/// The diagnostic code of a rejection.
fn code_of(e: &SyncError) -> Code {
    match e.kind {
        SyncErrorKind::Unsupported => Code::SyncUnsupported,
        SyncErrorKind::Race => Code::SyncRace,
        SyncErrorKind::Unmatched => Code::SyncUnmatched,
        SyncErrorKind::Spec => Code::SyncSpec,
    }
}

/// The diagnostic for a system the synchronization rejects.
fn sync_diagnostic(e: &SyncError, sources: &SourceMap, file: FileId) -> Diagnostic {
    let code = code_of(e);
    let label = match e.kind {
        SyncErrorKind::Unsupported => "outside what the synchronization handles",
        SyncErrorKind::Race => "two senders compete for this",
        SyncErrorKind::Unmatched => "nothing matches this",
        SyncErrorKind::Spec => "in this specification",
    };
    let mut d = Diagnostic::new(code, e.message.clone(), line_span(sources, file, e.line)).with_label(label);
    for (line, what) in &e.others {
        d = d.with_secondary(line_span(sources, file, *line), what.clone());
    }
    match &e.help {
        Some(h) => d.with_help(h.clone()),
        None => d,
    }
}

/// The span of line `line` of `file` without its indentation (the file's start when unknown).
fn line_span(sources: &SourceMap, file: FileId, line: Option<u32>) -> Span {
    let text = &sources.get(file).text;
    let Some(line) = line else { return Span::new(file, 0..0) };
    let mut start = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line as usize {
            let indent = l.len() - l.trim_start().len();
            return Span::new(file, start + indent..start + l.trim_end().len());
        }
        start += l.len();
    }
    Span::new(file, 0..0)
}
