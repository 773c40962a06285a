//! Why a stage stopped, as a value, with the exit code the commands give it.

use anerisc_diag::diagnostic::Diagnostic;
use anerisc_diag::span::SourceMap;

/// Why the driver could not give what was asked.
#[derive(Debug)]
pub enum Failure {
    /// The program has errors: every diagnostic found (warnings too), with the sources they
    /// point into. Exit code 1.
    Rejected {
        /// The diagnostics, in the order found.
        diagnostics: Vec<Diagnostic>,
        /// The files they point into.
        sources: SourceMap,
    },
    /// The input cannot be used: a file that cannot be read (an unlocated diagnostic). Exit
    /// code 2.
    Input(Diagnostic),
    /// The compiler cannot do it: a construct the IR or the backend does not support yet, an
    /// internal error, a failed link or write. Exit code 2.
    Compiler(String),
}

impl Failure {
    /// The exit code of a command that failed so: 1 when the program has errors, 2 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Rejected { .. } => 1,
            Failure::Input(_) | Failure::Compiler(_) => 2,
        }
    }
}
