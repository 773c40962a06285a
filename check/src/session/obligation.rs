//! The obligations the walk decides (listed by `anerisc check --verbose`).

use crate::smt::Verdict;
use anerisc_diag::span::Span;
use anerisc_ir::ir::FuncId;
use std::time::Duration;

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
    /// Where: the send, or the `assert`.
    pub span: Option<Span>,
    /// A description (the predicate and its step).
    pub what: String,
    /// Z3's verdict.
    pub verdict: Verdict,
    /// The time it took.
    pub time: Duration,
}
