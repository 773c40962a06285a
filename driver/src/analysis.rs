//! The checking stages: the frontend (parse, load modules, type, validate protocols), then —
//! when it found no errors — lowering with the library modules the program needs, the IR
//! verifier, and the session checker on every channel. Every command that runs or builds a
//! program goes through [`analyse`], so the session checker has run on whatever runs.

use crate::failure::Failure;
use anerisc_check::session::background::Background;
use anerisc_check::session::{self, Options, SessionReport};
use anerisc_check::smt::Prover;
use anerisc_diag::diagnostic::{has_errors, Diagnostic};
use anerisc_frontend::check::{check_program_with, load_library, protocols_not_checked, CheckedProgram};
use anerisc_ir::load::{library_sources, lower_checked, LoadError, LoadedProgram};
use std::path::PathBuf;

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

impl Analysis {
    /// True when some diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        has_errors(&self.program.diagnostics)
    }

    /// The analysis as a rejection: its diagnostics and sources.
    pub fn rejected(self) -> Failure {
        Failure::Rejected { diagnostics: self.program.diagnostics, sources: self.program.sources }
    }

    /// The IR of a program without errors, or the rejection.
    pub fn into_checked_ir(self) -> Result<LoadedProgram, Failure> {
        if self.has_errors() {
            return Err(self.rejected());
        }
        self.loaded.ok_or_else(|| Failure::Compiler("internal error: a checked program was not lowered".into()))
    }
}

/// How much of the pipeline [`analyse`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Lower only programs that use channels (`anerisc check`): a program the IR cannot
    /// lower gets a note that its protocols were not checked.
    CheckOnly,
    /// Always lower (`anerisc build`, `run`, `ir`, `verify`): a program the IR cannot lower is
    /// a [`Failure::Compiler`].
    Lower,
}

/// Runs the frontend once on `roots`, then (when it found no errors) lowers the program and
/// checks its channels against their protocols. A program with errors is an `Ok` analysis
/// whose diagnostics say so: `anerisc ir` prints the IR of a program with protocol errors.
pub fn analyse(roots: Vec<(PathBuf, String)>, include: &[PathBuf], options: Options, depth: Depth) -> Result<Analysis, Failure> {
    // Z3 starts on the checker's thread while the frontend runs, when the files named
    // suggest that the checker will be needed.
    let background = roots.iter().any(|(_, text)| mentions_channels(text)).then(Background::start).flatten();
    let library = load_library().map_err(|e| Failure::Compiler(e.to_string()))?;
    let program = check_program_with(&library, roots, include);
    let channels = uses_channels(&program);
    if has_errors(&program.diagnostics) || (depth == Depth::CheckOnly && !channels) {
        return Ok(Analysis { program, loaded: None, sessions: None });
    }
    match lower_checked(&program, &library, &library_sources()) {
        Ok(loaded) if channels => {
            let LoadedProgram { program: ir, user_modules } = loaded;
            let (mut program, ir, report) = match background {
                Some(b) => b
                    .check(program, ir, user_modules.clone(), options)
                    .ok_or_else(|| Failure::Compiler("internal error: the session checker's thread failed".into()))?,
                None => {
                    let report = session::check(&program, &ir, &user_modules, options, Prover::default());
                    (program, ir, report)
                }
            };
            program.diagnostics.extend(report.diagnostics.iter().cloned());
            Ok(Analysis { program, loaded: Some(LoadedProgram { program: ir, user_modules }), sessions: Some(report) })
        }
        Ok(loaded) => Ok(Analysis { program, loaded: Some(loaded), sessions: None }),
        Err(LoadError::Unsupported(u)) if depth == Depth::Lower => Err(Failure::Compiler(u.message)),
        Err(e) if depth == Depth::Lower => Err(Failure::Compiler(e.to_string())),
        Err(e) => {
            let mut program = program;
            if let Some(note) = not_checked_note(&program, &e) {
                program.diagnostics.push(note);
            }
            Ok(Analysis { program, loaded: None, sessions: None })
        }
    }
}

/// The note that a program's protocols were validated but not checked, because it cannot be
/// lowered (`e`); none when it declares no protocol.
fn not_checked_note(program: &CheckedProgram, e: &LoadError) -> Option<Diagnostic> {
    let why = match e {
        LoadError::Unsupported(u) => u.message.clone(),
        other => other.to_string().lines().next().unwrap_or_default().to_string(),
    };
    let m = program.modules.iter().find(|m| !m.protocols.is_empty())?;
    Some(protocols_not_checked(&m.protocols, &why))
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
