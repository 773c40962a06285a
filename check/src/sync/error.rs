//! Why a system is outside what pretend synchrony handles (docs/verification.md), with the places it is
//! about, and the diagnostic that reports it.

use super::prog::Place;
use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::Diagnostic;
use anerisc_diag::span::FileId;

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

impl SyncErrorKind {
    /// The diagnostic code of this kind of problem.
    pub fn code(self) -> Code {
        match self {
            SyncErrorKind::Unsupported => Code::SyncUnsupported,
            SyncErrorKind::Race => Code::SyncRace,
            SyncErrorKind::Unmatched => Code::SyncUnmatched,
            SyncErrorKind::Spec => Code::SyncSpec,
        }
    }

    /// What the diagnostic says at the place the problem is about.
    fn label(self) -> &'static str {
        match self {
            SyncErrorKind::Unsupported => "outside what the synchronization handles",
            SyncErrorKind::Race => "two senders compete for this",
            SyncErrorKind::Unmatched => "nothing matches this",
            SyncErrorKind::Spec => "in this specification",
        }
    }
}

/// A system the synchronization cannot handle, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncError {
    /// What kind of problem it is.
    pub kind: SyncErrorKind,
    /// What is wrong.
    pub message: String,
    /// The place it is about.
    pub at: Option<Place>,
    /// Other places the diagnostic points at, each with what it is.
    pub others: Vec<(Option<Place>, String)>,
    /// How to fix it.
    pub help: Option<String>,
}

impl SyncError {
    /// A construct outside the fragment, at `at`.
    pub fn new(message: impl Into<String>, at: Option<Place>) -> SyncError {
        SyncError { kind: SyncErrorKind::Unsupported, message: message.into(), at, others: Vec::new(), help: None }
    }

    /// The same error, of kind `kind`.
    pub fn of_kind(mut self, kind: SyncErrorKind) -> SyncError {
        self.kind = kind;
        self
    }

    /// The same error pointing at one more place.
    pub fn with_other(mut self, at: Option<Place>, what: impl Into<String>) -> SyncError {
        self.others.push((at, what.into()));
        self
    }

    /// The same error with a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> SyncError {
        self.help = Some(help.into());
        self
    }

    /// The diagnostic reporting it: at its place, with the other places as secondary labels
    /// (those without a place are left out), or about the system's file `file` as a whole when
    /// it has no place.
    pub fn diagnostic(&self, file: FileId) -> Diagnostic {
        let code = self.kind.code();
        let mut d = match self.at {
            Some(at) => Diagnostic::new(code, self.message.clone(), at.span).with_label(self.kind.label()),
            None => Diagnostic::about_file(code, self.message.clone(), file),
        };
        for (at, what) in &self.others {
            if let Some(at) = at {
                d = d.with_secondary(at.span, what.clone());
            }
        }
        match &self.help {
            Some(h) => d.with_help(h.clone()),
            None => d,
        }
    }
}

/// What the synchronization's passes return.
pub type SyncResult<T> = Result<T, SyncError>;

#[cfg(test)]
mod tests {
    use super::*;
    use anerisc_diag::span::Span;

    fn place(start: usize, line: u32) -> Option<Place> {
        Some(Place { span: Span::new(FileId(0), start..start + 4), line })
    }

    #[test]
    fn a_race_points_at_the_receive_and_at_both_senders() {
        let e = SyncError::new("race: this receive can take either message", place(40, 5))
            .with_other(place(10, 2), "`a` sends here")
            .with_other(place(20, 3), "`b` sends here")
            .of_kind(SyncErrorKind::Race);
        let d = e.diagnostic(FileId(0));
        assert_eq!((d.code, d.primary.as_ref().expect("a primary span").span, d.primary.as_ref().expect("a primary span").message.as_str()), (Code::SyncRace, Span::new(FileId(0), 40..44), "two senders compete for this"));
        let secondary: Vec<(Span, &str)> = d.secondary.iter().map(|l| (l.span, l.message.as_str())).collect();
        assert_eq!(secondary, vec![(Span::new(FileId(0), 10..14), "`a` sends here"), (Span::new(FileId(0), 20..24), "`b` sends here")]);
        assert!(d.primary.is_some());
    }

    #[test]
    fn an_error_without_a_place_is_about_the_whole_file() {
        let d = SyncError::new("no system to verify", None).with_help("start a node").diagnostic(FileId(3));
        assert!(d.primary.is_none());
        assert_eq!((d.code, d.file, d.help.as_deref()), (Code::SyncUnsupported, Some(FileId(3)), Some("start a node")));
    }
}
