//! Verifying a whole system by pretend synchrony (docs/verification.md): the checks of a
//! build, then the system's nodes synchronized into one sequential program whose obligations
//! (asserts, loop invariants, the launcher's `[@@ensures]`) Z3 decides.

use crate::analysis::{analyse, Depth};
use crate::failure::Failure;
use crate::sources::read;
use anerisc_check::session::Options;
use anerisc_check::smt::Prover;
use anerisc_check::sync::prog::SyncProgram;
use anerisc_check::sync::system::synchronized;
use anerisc_check::sync::vc::{self, Obligation};
use anerisc_diag::diagnostic::Diagnostic;
use anerisc_diag::span::SourceMap;
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
    let synced = synchronized(&loaded.program, &loaded.user_modules, &module.ast, file);
    times.synchronization = sync_start.elapsed();
    let sources = program.sources;
    let warnings = program.diagnostics;
    let synced = match synced {
        Ok(s) => s,
        Err(rejection) => {
            let verdict = SystemVerdict::Rejected(*rejection);
            return Ok(Verification { warnings, sources, synced: None, verdict, times });
        }
    };
    let z3_start = Instant::now();
    let decided = vc::verify(&synced, &mut Prover::default());
    times.z3 = z3_start.elapsed();
    let verdict = match decided {
        Ok(obligations) => {
            let refuted = obligations.iter().filter(|o| !o.verdict.is_proven()).map(|o| o.diagnostic(file)).collect();
            SystemVerdict::Decided { obligations, refuted }
        }
        Err(rejection) => SystemVerdict::Rejected(*rejection),
    };
    Ok(Verification { warnings, sources, synced: Some(synced), verdict, times })
}
