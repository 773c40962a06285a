//! Renders [`Diagnostic`]s for people, through ariadne. The only place diagnostics become text.

use crate::diagnostic::{Diagnostic, Severity};
use crate::span::{SourceMap, Span};
use ariadne::{Config, IndexType, Label, Report, ReportKind};

/// How to render: with ANSI colours for a terminal, or plain for snapshots and pipes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    /// ANSI colours.
    Color,
    /// Plain text.
    Plain,
}

/// Builds the cache ariadne draws source lines from.
fn cache(sources: &SourceMap) -> impl ariadne::Cache<String> {
    ariadne::sources(sources.files().map(|(_, f)| (f.name.clone(), f.text.clone())).collect::<Vec<_>>())
}

/// Renders one diagnostic to a string.
pub fn render(diagnostic: &Diagnostic, sources: &SourceMap, color: ColorChoice) -> String {
    render_with(diagnostic, sources, color, &mut cache(sources))
}

/// Renders a list of diagnostics, one after the other.
pub fn render_all(diagnostics: &[Diagnostic], sources: &SourceMap, color: ColorChoice) -> String {
    let mut cache = cache(sources);
    diagnostics.iter().map(|d| render_with(d, sources, color, &mut cache)).collect()
}

/// Renders one diagnostic, reading source lines from `cache`.
fn render_with(diagnostic: &Diagnostic, sources: &SourceMap, color: ColorChoice, cache: &mut impl ariadne::Cache<String>) -> String {
    let Some(primary) = &diagnostic.primary else { return unlocated(diagnostic, sources) };
    let mut out = Vec::new();
    let kind = match diagnostic.severity {
        Severity::Error => ReportKind::Error,
        Severity::Warning => ReportKind::Warning,
        Severity::Note => ReportKind::Custom("Note", ariadne::Color::Cyan),
    };
    let located = |span: Span| (sources.get(span.file).name.clone(), clamp(sources, span));
    let mut report = Report::build(kind, located(primary.span))
        .with_config(
            Config::default()
                .with_color(color == ColorChoice::Color)
                .with_index_type(IndexType::Byte),
        )
        .with_code(diagnostic.code.as_str())
        .with_message(&diagnostic.message);
    let label = Label::new(located(primary.span)).with_order(0);
    report = report.with_label(if primary.message.is_empty() { label } else { label.with_message(&primary.message) });
    for (i, label) in diagnostic.secondary.iter().enumerate() {
        let l = Label::new(located(label.span)).with_order(i as i32 + 1);
        report = report.with_label(if label.message.is_empty() { l } else { l.with_message(&label.message) });
    }
    for note in &diagnostic.notes {
        report = report.with_note(note);
    }
    if let Some(help) = &diagnostic.help {
        report = report.with_help(help);
    }
    // Writing into a Vec cannot fail; a failure would only lose the report's text.
    let _ = report.finish().write(cache, &mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    match color {
        ColorChoice::Color => text,
        // ariadne colours a custom report kind (our "Note") even when told not to.
        ColorChoice::Plain => without_ansi_escapes(&text),
    }
}

/// A diagnostic about no place in the sources, on lines of its own: `error[CODE]: message`
/// (`error[CODE]: file: message` when it is about a whole file), then its notes and help.
fn unlocated(diagnostic: &Diagnostic, sources: &SourceMap) -> String {
    let severity = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    };
    let file = diagnostic.file.map(|f| format!("{}: ", sources.get(f).name)).unwrap_or_default();
    let mut text = format!("{severity}[{}]: {file}{}\n", diagnostic.code.as_str(), diagnostic.message);
    for note in &diagnostic.notes {
        text.push_str(&format!("  note: {note}\n"));
    }
    if let Some(help) = &diagnostic.help {
        text.push_str(&format!("  help: {help}\n"));
    }
    text
}

/// `text` without ANSI colour sequences (`ESC [ ... m`).
fn without_ansi_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}


/// Keeps a span inside its file and on character boundaries, so ariadne never sees a range it
/// cannot draw.
fn clamp(sources: &SourceMap, span: Span) -> std::ops::Range<usize> {
    let text = &sources.get(span.file).text;
    let mut start = (span.start as usize).min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (span.end as usize).clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::Code;

    #[test]
    fn plain_rendering_names_code_file_and_message() {
        let mut sm = SourceMap::new();
        let f = sm.add("a.ml", "let x = y\n");
        let d = Diagnostic::new(Code::UnboundValue, "unbound value `y`", Span::new(f, 8..9))
            .with_label("not defined")
            .with_help("define `y` first");
        let text = render(&d, &sm, ColorChoice::Plain);
        assert!(text.contains("[E0201] Error: unbound value `y`"), "{text}");
        assert!(text.contains("a.ml:1:9"), "{text}");
        assert!(text.contains("not defined"), "{text}");
        assert!(text.contains("define `y` first"), "{text}");
    }

    #[test]
    fn an_unlocated_diagnostic_is_one_line_with_its_help() {
        let d = Diagnostic::unlocated(Code::IoError, "cannot read `a.ml`: No such file").with_help("check the path");
        let text = render(&d, &SourceMap::new(), ColorChoice::Color);
        assert_eq!(text, "error[E0209]: cannot read `a.ml`: No such file\n  help: check the path\n");
    }

    #[test]
    fn a_diagnostic_about_a_whole_file_names_the_file_without_a_source_line() {
        let mut sm = SourceMap::new();
        let f = sm.add("sys.ml", "let () = ()\n");
        let d = Diagnostic::about_file(Code::SyncUnsupported, "no system to verify", f).with_help("start a node");
        assert_eq!(render(&d, &sm, ColorChoice::Color), "error[E0601]: sys.ml: no system to verify\n  help: start a node\n");
    }

    #[test]
    fn out_of_range_spans_do_not_panic() {
        let mut sm = SourceMap::new();
        let f = sm.add("a.ml", "é");
        let d = Diagnostic::new(Code::UnexpectedCharacter, "x", Span::new(f, 1..99));
        assert!(render(&d, &sm, ColorChoice::Plain).contains("E0001"));
    }
}
