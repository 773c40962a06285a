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
    /// The span the report is about, with its label; `None` for a report about something
    /// outside the sources (a file that cannot be read), whose message names it.
    pub primary: Option<Label>,
    /// Further spans that explain it (where a type was forced, where a delimiter opened).
    pub secondary: Vec<Label>,
    /// Extra lines of explanation.
    pub notes: Vec<String>,
    /// What to change, if there is a clear fix.
    pub help: Option<String>,
    /// For a diagnostic without a primary span: the file it is about, when it is one of the
    /// sources (the renderer names it).
    pub file: Option<FileId>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity, headline `message`, about `span`.
    pub fn new(code: Code, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            primary: Some(Label { span, message: String::new() }),
            secondary: Vec::new(),
            notes: Vec::new(),
            help: None,
            file: None,
        }
    }

    /// A diagnostic about no place in the sources (a file that cannot be read, a system
    /// without nodes): `message` names what it is about.
    pub fn unlocated(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic { primary: None, ..Diagnostic::new(code, message, Span::default()) }
    }

    /// A diagnostic about file `file` as a whole (there is no place in it to point at): the
    /// renderer names the file before `message`.
    pub fn about_file(code: Code, message: impl Into<String>, file: FileId) -> Diagnostic {
        Diagnostic { file: Some(file), ..Diagnostic::unlocated(code, message) }
    }

    /// Sets the label text under the primary span (nothing for an unlocated diagnostic).
    pub fn with_label(mut self, message: impl Into<String>) -> Diagnostic {
        if let Some(primary) = &mut self.primary {
            primary.message = message.into();
        }
        self
    }

    /// [`Diagnostic::with_label`] in place.
    pub fn set_label(&mut self, message: impl Into<String>) {
        if let Some(primary) = &mut self.primary {
            primary.message = message.into();
        }
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
