//! The diagnostic for an obligation Z3 did not prove: refuted (with its counterexample) or
//! undecided.

use super::Obligation;
use crate::smt::Verdict;
use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::Diagnostic;
use anerisc_diag::span::FileId;

impl Obligation {
    /// The diagnostic saying that this obligation does not hold or could not be proven, at
    /// where it is written (about the system's file `file` as a whole when it has no place).
    pub fn diagnostic(&self, file: FileId) -> Diagnostic {
        let (message, label, note) = match &self.verdict {
            Verdict::Refuted(values) => (format!("{} does not hold", self.what), "Z3 found a counterexample".to_string(), Some(format!("counterexample: {}", Verdict::counterexample(values)))),
            other => (format!("{} could not be proven", self.what), other.describe(), None),
        };
        // Without a place, what would label it is said in a note.
        let d = match self.at {
            Some(at) => Diagnostic::new(Code::SyncRefuted, message, at.span).with_label(label),
            None => Diagnostic::about_file(Code::SyncRefuted, message, file).with_note(label),
        };
        match note {
            Some(n) => d.with_note(n),
            None => d,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::prog::Place;
    use std::time::Duration;

    #[test]
    fn a_refuted_ensures_points_at_it_with_its_counterexample() {
        let o = Obligation { what: "ensures (line 40)".into(), at: Place::on_line(40), verdict: Verdict::Refuted(vec![("x".into(), "1".into())]), time: Duration::ZERO };
        let d = o.diagnostic(FileId(0));
        assert_eq!((d.code, d.message.as_str(), d.primary.as_ref().expect("a primary span").span), (Code::SyncRefuted, "ensures (line 40) does not hold", Place::on_line(40).expect("a place").span));
        assert_eq!(d.notes, vec!["counterexample: x = 1".to_string()]);
    }

    #[test]
    fn an_undecided_obligation_without_a_place_is_about_the_file() {
        let o = Obligation { what: "assert".into(), at: None, verdict: Verdict::Unknown("timeout".into()), time: Duration::ZERO };
        let d = o.diagnostic(FileId(2));
        assert!(d.primary.is_none());
        assert_eq!((d.message.as_str(), d.file), ("assert could not be proven", Some(FileId(2))));
        assert_eq!(d.notes, vec!["unknown (timeout)".to_string()]);
    }
}
