//! What the walk finds: problems (turned into diagnostics with spans at the end) and the
//! obligations it decided (listed by `anerisc check --verbose`).

use super::spans::Anchor;
use anerisc_ir::ir::FuncId;
use crate::smt::Verdict;
use anerisc_diag::codes::Code;
use anerisc_diag::span::Span;
use std::time::Duration;

/// A problem, located by function and line.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Its code.
    pub code: Code,
    /// The function it is in.
    pub func: FuncId,
    /// Its source line.
    pub line: Option<u32>,
    /// Which expression on the line it is about.
    pub anchor: Anchor,
    /// The headline.
    pub message: String,
    /// The text under the primary span.
    pub label: String,
    /// The protocol step involved, with a label.
    pub step: Option<(Span, String)>,
    /// Notes.
    pub notes: Vec<String>,
    /// What to change.
    pub help: Option<String>,
}

impl Problem {
    /// A problem with a headline and nothing else yet.
    pub fn new(code: Code, func: FuncId, line: Option<u32>, anchor: Anchor, message: String) -> Problem {
        Problem { code, func, line, anchor, message, label: String::new(), step: None, notes: Vec::new(), help: None }
    }
}

/// What an obligation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObligationKind {
    /// A protocol step's predicate at a send.
    Refinement,
    /// An `assert`.
    Assert,
}

/// One obligation decided on one path.
#[derive(Debug, Clone)]
pub struct Obligation {
    /// What kind.
    pub kind: ObligationKind,
    /// The function it is in.
    pub func: FuncId,
    /// Its line.
    pub line: Option<u32>,
    /// A description (the predicate and its step).
    pub what: String,
    /// Z3's verdict.
    pub verdict: Verdict,
    /// The time it took.
    pub time: Duration,
}
