//! Reading the files named on the command line.

use crate::failure::Failure;
use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::Diagnostic;
use std::path::PathBuf;

/// Each of `paths` with its text; the first that cannot be read is an [`Failure::Input`].
pub fn read_all(paths: &[PathBuf]) -> Result<Vec<(PathBuf, String)>, Failure> {
    paths.iter().map(|p| Ok((p.clone(), read(p)?))).collect()
}

/// The text of the file `path`.
pub fn read(path: &PathBuf) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| cannot_read(path, &e.to_string()))
}

/// The diagnostic for a file that cannot be read, and why.
pub fn cannot_read(path: &std::path::Path, why: &str) -> Failure {
    Failure::Input(Diagnostic::unlocated(Code::IoError, format!("cannot read `{}`: {why}", path.display())))
}
