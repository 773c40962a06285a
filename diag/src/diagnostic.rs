//! Diagnostics as values: every phase returns these, and they are rendered once, at the edge
//! (see [`crate::render`]).

use crate::codes::Code;
use crate::span::{FileId, Span};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Informational; never changes the exit code.
    Note,
    /// Something suspicious; the program is still accepted.
    Warning,
    /// The program is rejected.
    Error,
}

/// A span with a message, shown under the source line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What to say there (may be empty).
    pub message: String,
}

/// One user-facing report: a stable code, a message, a primary span, secondary labels,
/// notes and an optional suggestion of what to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code (`E0001`, ...), explained by `anerisc explain`.
    pub code: Code,
    /// Error, warning or note.
    pub severity: Severity,
    /// The headline.
    pub message: String,
    /// The span the report is about, with its label.
    pub primary: Label,
    /// Further spans that explain it (where a type was forced, where a delimiter opened).
    pub secondary: Vec<Label>,
    /// Extra lines of explanation.
    pub notes: Vec<String>,
    /// What to change, if there is a clear fix.
    pub help: Option<String>,
    /// True when the report is about its file as a whole rather than a place in it: the
    /// primary span only names the file, and no source line is shown.
    pub whole_file: bool,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity, headline `message`, about `span`.
    pub fn new(code: Code, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            primary: Label { span, message: String::new() },
            secondary: Vec::new(),
            notes: Vec::new(),
            help: None,
            whole_file: false,
        }
    }

    /// A diagnostic with the code's default severity and headline `message`, about file `file`
    /// as a whole (there is no place in it to point at).
    pub fn about_file(code: Code, message: impl Into<String>, file: FileId) -> Diagnostic {
        Diagnostic { whole_file: true, ..Diagnostic::new(code, message, Span::new(file, 0..0)) }
    }

    /// Sets the label text under the primary span.
    pub fn with_label(mut self, message: impl Into<String>) -> Diagnostic {
        self.primary.message = message.into();
        self
    }

    /// Adds a secondary span with a message.
    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label { span, message: message.into() });
        self
    }

    /// Adds a note line.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Sets the suggestion of what to change.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Overrides the severity (for example a warning promoted to an error by a flag).
    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    /// True when this diagnostic rejects the program.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// True when any diagnostic in the list is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}
