//! Verifying a whole system by pretend synchrony (docs/verification.md): the checks of a
//! build, then the system's nodes synchronized into one sequential program whose obligations
//! (asserts, loop invariants, the launcher's `[@@ensures]`) Z3 decides.

use crate::analysis::{analyse, Depth};
use crate::failure::Failure;
use crate::sources::read;
use anerisc_check::session::Options;
use anerisc_check::smt::{Prover, Verdict};
use anerisc_check::sync::error::{SyncError, SyncErrorKind};
use anerisc_check::sync::prog::SyncProgram;
use anerisc_check::sync::system::synchronized;
use anerisc_check::sync::vc::{self, Obligation};
use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::Diagnostic;
use anerisc_diag::span::{FileId, SourceMap, Span};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A system through verification.
pub struct Verification {
    /// The frontend's warnings and notes (the program has no errors).
    pub warnings: Vec<Diagnostic>,
    /// The files the diagnostics point into.
    pub sources: SourceMap,
    /// The synchronized program, when the synchronization succeeded.
    pub synced: Option<SyncProgram>,
    /// The verdict.
    pub verdict: SystemVerdict,
    /// How long each stage took.
    pub times: SystemTimes,
}

/// What verification decided.
pub enum SystemVerdict {
    /// The system is outside what the synchronization handles (a race, a receive nothing
    /// reaches...): why.
    Rejected(Diagnostic),
    /// Every obligation with Z3's verdict; `refuted` has a diagnostic for each not proven.
    Decided {
        /// Every obligation, in order.
        obligations: Vec<Obligation>,
        /// A diagnostic for each obligation not proven.
        refuted: Vec<Diagnostic>,
    },
}

/// The wall-clock time of each stage.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemTimes {
    /// Frontend and lowering.
    pub frontend: Duration,
    /// Synchronization.
    pub synchronization: Duration,
    /// Verification conditions and Z3.
    pub z3: Duration,
}

/// Verifies the system in `path`.
pub fn verify_system(path: &PathBuf, include: &[PathBuf]) -> Result<Verification, Failure> {
    let start = Instant::now();
    let text = read(path)?;
    let analysis = analyse(vec![(path.clone(), text)], include, Options::default(), Depth::Lower)?;
    if analysis.has_errors() {
        return Err(analysis.rejected());
    }
    let program = analysis.program;
    let (Some(loaded), Some(Some(root))) = (&analysis.loaded, program.roots.first()) else {
        return Err(Failure::Compiler(format!("`{}` gives no program to verify", path.display())));
    };
    let module = &program.modules[*root];
    let file = module.file;
    let mut times = SystemTimes { frontend: start.elapsed(), ..SystemTimes::default() };
    let sync_start = Instant::now();
    let synced = synchronized(&loaded.program, &loaded.user_modules, &module.ast, program.sources.get(file));
    times.synchronization = sync_start.elapsed();
    let sources = program.sources;
    let warnings = program.diagnostics;
    let synced = match synced {
        Ok(s) => s,
        Err(e) => {
            let verdict = SystemVerdict::Rejected(sync_diagnostic(&e, &sources, file));
            return Ok(Verification { warnings, sources, synced: None, verdict, times });
        }
    };
    let z3_start = Instant::now();
    let decided = vc::verify(&synced, &mut Prover::default());
    times.z3 = z3_start.elapsed();
    let verdict = match decided {
        Ok(obligations) => {
            let refuted = obligations.iter().filter(|o| !o.verdict.is_proven()).map(|o| refuted_diagnostic(o, &sources, file)).collect();
            SystemVerdict::Decided { obligations, refuted }
        }
        Err(u) => SystemVerdict::Rejected(sync_diagnostic(&SyncError::new(u.message, u.line), &sources, file)),
    };
    Ok(Verification { warnings, sources, synced: Some(synced), verdict, times })
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

/// The diagnostic for a system the synchronization rejects; about the whole file when the
/// rejection names no line.
fn sync_diagnostic(e: &SyncError, sources: &SourceMap, file: FileId) -> Diagnostic {
    let code = match e.kind {
        SyncErrorKind::Unsupported => Code::SyncUnsupported,
        SyncErrorKind::Race => Code::SyncRace,
        SyncErrorKind::Unmatched => Code::SyncUnmatched,
        SyncErrorKind::Spec => Code::SyncSpec,
    };
    let mut d = match e.line {
        None => Diagnostic::unlocated(code, format!("{}: {}", sources.get(file).name, e.message)),
        Some(_) => {
            let label = match e.kind {
                SyncErrorKind::Unsupported => "outside what the synchronization handles",
                SyncErrorKind::Race => "two senders compete for this",
                SyncErrorKind::Unmatched => "nothing matches this",
                SyncErrorKind::Spec => "in this specification",
            };
            Diagnostic::new(code, e.message.clone(), line_span(sources, file, e.line)).with_label(label)
        }
    };
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
