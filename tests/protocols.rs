//! The session checker on `tests/protocols/`: every `pass/*.ml` is accepted by
//! `anerisc check` (exit 0, no error), every `fail/*.ml` is rejected with the code its name
//! starts with (`E0506_echo_off_by_one.ml`), and each rejection's report is an insta
//! snapshot, reviewed by hand. A first line `(* flags: ... *)` gives extra flags.

use std::path::{Path, PathBuf};

mod support;

/// Runs `anerisc check` (with `extra` flags) on a file relative to the crate root.
fn check(relative: &Path, extra: &[&str]) -> (i32, String, String) {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)).expect("readable test program");
    let flags: Vec<String> = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("(* flags:"))
        .and_then(|l| l.strip_suffix("*)"))
        .map(|l| l.split_whitespace().map(String::from).collect())
        .unwrap_or_default();
    let args: Vec<&std::ffi::OsStr> = ["check", "--color=never"].iter().map(|a| a.as_ref()).chain(flags.iter().map(|f| f.as_ref())).chain(extra.iter().map(|e| e.as_ref())).chain([relative.as_os_str()]).collect();
    support::anerisc_in_root(&args)
}

fn programs(dir: &str) -> Vec<PathBuf> {
    support::ml_files(&format!("tests/protocols/{dir}"))
}

#[test]
fn every_passing_program_is_accepted() {
    let files = programs("pass");
    assert!(files.len() >= 15, "only {} passing programs", files.len());
    let failures: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let (code, _, report) = check(f, &[]);
            (code != 0 || report.contains("Error")).then(|| format!("{}: exit {code}\n{report}", f.display()))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_failing_program_is_rejected_with_its_code() {
    let files = programs("fail");
    assert!(files.len() >= 30, "only {} failing programs", files.len());
    let mut failures = Vec::new();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let (code, _, report) = check(f, &[]);
        if code != 1 || !report.contains(&format!("[{}]", &name[..5])) {
            failures.push(format!("{name}: exit {code}\n{report}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rejection_snapshot() {
    insta::glob!("protocols/fail/*.ml", |path| {
        let relative = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).expect("inside the crate");
        let (code, _, report) = check(relative, &[]);
        insta::assert_snapshot!(format!("exit code: {code}\n{report}"));
    });
}

#[test]
fn echo_proves_its_refinement_and_assert() {
    let (code, stdout, report) = check(Path::new("tests/protocols/pass/echo.ml"), &["--verbose"]);
    assert_eq!(code, 0, "{report}");
    let proven: Vec<&str> = stdout.lines().filter(|l| l.contains(": proven")).collect();
    assert_eq!(proven.len(), 2, "{stdout}");
    assert!(proven.iter().any(|l| l.contains("{n = String.length s}")), "{stdout}");
    assert!(proven.iter().any(|l| l.contains("assert")), "{stdout}");
}

#[test]
fn echo_bad_names_the_counterexample_in_source_terms() {
    let (code, _, report) = check(Path::new("tests/protocols/fail/E0506_echo_off_by_one.ml"), &[]);
    assert_eq!(code, 1);
    assert!(report.contains("counterexample: s = \"\", n = 1"), "{report}");
    assert!(report.contains("the step ?(n : int) declares `n = String.length s`"), "{report}");
}

#[test]
fn unproven_asserts_are_warnings_unless_denied() {
    let file = Path::new("tests/protocols/fail/W0501_assert_unproven.ml");
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
    assert!(text.starts_with("(* flags: --deny-unproven *)"));
    let (code, _, report) = check(file, &[]);
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("[W0501] Error"), "{report}");
}

#[test]
fn a_guard_below_max_int_proves_what_wrapping_breaks_without_it() {
    for file in ["tests/protocols/pass/successor_guarded.ml", "tests/protocols/pass/assert_successor_guarded.ml"] {
        let (code, stdout, report) = check(Path::new(file), &["--verbose"]);
        assert_eq!(code, 0, "{file}: {report}");
        assert!(!report.contains("W0501"), "{file}: {report}");
        assert_eq!(stdout.lines().filter(|l| l.contains(": proven")).count(), 1, "{file}: {stdout}");
    }
}

#[test]
fn build_refuses_a_program_with_protocol_errors_with_checks_diagnostics() {
    let file = "tests/protocols/fail/E0506_echo_off_by_one.ml";
    let out = std::env::temp_dir().join(format!("anerisc-refused-{}", std::process::id()));
    let (code, _, report) = support::anerisc_in_root(&["build", file, "-o", out.to_str().expect("UTF-8 path")]);
    assert_eq!(code, 1, "{report}");
    assert!(!out.exists(), "no executable is written");
    let (_, _, checked) = support::anerisc_in_root(&["check", "--color=never", file]);
    assert_eq!(report, checked);
}

#[test]
fn ir_shows_the_verdict_of_a_refuted_refinement() {
    let (code, ir, report) = support::anerisc_in_root(&["ir", "tests/protocols/fail/E0506_echo_off_by_one.ml"]);
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("[E0506]"), "{report}");
    assert!(ir.lines().any(|l| l.trim_start().starts_with("; refinement {n = String.length s}") && l.contains("NOT proven (counterexample: s = \"\", n = 1")), "{ir}");
    assert!(ir.lines().any(|l| l.trim_start().starts_with("; protocol `echo` (server) at")), "{ir}");
}

#[test]
fn rpc_requests_and_handlers_are_checked() {
    let (code, stdout, report) = check(Path::new("tests/protocols/pass/rpc_bank.ml"), &["--verbose"]);
    assert_eq!(code, 0, "{report}");
    assert!(!report.contains("N0501"), "RPC endpoints with a protocol are checked: {report}");
    let proven = |what: &str| stdout.lines().any(|l| l.contains(what) && l.contains(": proven"));
    assert!(proven("{balance >= amount}"), "the handler's reply: {stdout}");
    assert!(proven("{amount >= 0}"), "the requests: {stdout}");
    assert!(proven("assert"), "the client's assert from the replies: {stdout}");
}

#[test]
fn a_helper_is_checked_through_its_caller_before_with_unknown_arguments() {
    let (code, stdout, report) = check(Path::new("tests/protocols/pass/assert_in_helper_given_channel.ml"), &["--verbose"]);
    assert_eq!(code, 0, "{report}");
    assert!(!report.contains("W0501"), "{report}");
    assert!(stdout.lines().any(|l| l.contains("assert: proven")), "{stdout}");
}
