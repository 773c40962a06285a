//! `anerisc explain CODE`: the long explanation of a diagnostic code.

use anerisc_diag::codes::Code;
use std::process::ExitCode;

/// Prints the explanation of `code`, or lists the known codes when it is unknown (exit 2).
pub fn run(code: &str) -> ExitCode {
    match Code::parse(code) {
        Some(c) => {
            println!("{}: {}\n\n{}", c.as_str(), c.title(), c.explanation());
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("error: unknown diagnostic code `{code}`; the codes are:");
            for c in Code::ALL {
                eprintln!("  {}  {}", c.as_str(), c.title());
            }
            ExitCode::from(2)
        }
    }
}
