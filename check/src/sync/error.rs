//! Why a system is outside what pretend synchrony handles (docs/verification.md), with the
//! lines the diagnostic points at; rendered once, by `anerisc verify`.

/// What kind of problem a [`SyncError`] is (each has its diagnostic code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncErrorKind {
    /// A construct outside the fragment.
    Unsupported,
    /// A receive two senders could feed.
    Race,
    /// A receive nothing feeds, or a message nothing receives.
    Unmatched,
    /// A specification the verifier cannot read.
    Spec,
}

/// A system the synchronization cannot handle, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncError {
    /// What kind of problem it is.
    pub kind: SyncErrorKind,
    /// What is wrong.
    pub message: String,
    /// The line it is about (in the system's file).
    pub line: Option<u32>,
    /// Other lines the diagnostic points at, each with what it is.
    pub others: Vec<(Option<u32>, String)>,
    /// How to fix it.
    pub help: Option<String>,
}

impl SyncError {
    /// A construct outside the fragment, at `line`.
    pub fn new(message: impl Into<String>, line: Option<u32>) -> SyncError {
        SyncError { kind: SyncErrorKind::Unsupported, message: message.into(), line, others: Vec::new(), help: None }
    }

    /// The same error, of kind `kind`.
    pub fn of_kind(mut self, kind: SyncErrorKind) -> SyncError {
        self.kind = kind;
        self
    }

    /// The same error pointing at one more line.
    pub fn with_other(mut self, line: Option<u32>, what: impl Into<String>) -> SyncError {
        self.others.push((line, what.into()));
        self
    }

    /// The same error with a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> SyncError {
        self.help = Some(help.into());
        self
    }
}

/// What the synchronization's passes return.
pub type SyncResult<T> = Result<T, SyncError>;
