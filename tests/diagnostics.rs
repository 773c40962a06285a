//! Snapshot tests of diagnostics: `anerisc check` on every `tests/diagnostics/*.ml`, whose file
//! name starts with the code it must produce (`E0301_string_plus_int.ml`). Each snapshot is the
//! exit code and the rendered report, reviewed by hand.

use anerisc_diag::codes::Code;
use std::path::Path;
use std::process::Command;

/// Runs `anerisc check` on a file given relative to the crate root, so paths in reports are stable.
fn check(relative: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_anerisc"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--color=never"])
        .arg(relative)
        .output()
        .expect("anerisc runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn relative(path: &Path) -> &Path {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR")).expect("inside the crate")
}

#[test]
fn every_diagnostic_snapshot() {
    insta::glob!("diagnostics/*.ml", |path| {
        let (code, report) = check(relative(path));
        insta::assert_snapshot!(format!("exit code: {code}\n{report}"));
    });
}

#[test]
fn each_file_produces_the_code_it_is_named_after() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diagnostics");
    let mut failures = Vec::new();
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/diagnostics exists") {
        let path = entry.expect("readable entry").path();
        if path.extension().is_none_or(|e| e != "ml") {
            continue;
        }
        count += 1;
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let code = &name[..5];
        let (exit, report) = check(relative(&path));
        let expected_exit = if code.starts_with('E') { 1 } else { 0 };
        if !report.contains(&format!("[{code}]")) || exit != expected_exit {
            failures.push(format!("{name}: exit {exit}, report:\n{report}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(count >= 40, "only {count} diagnostic test files");
}

#[test]
fn every_code_has_a_test_file() {
    // Protocol-checking codes have their inputs with the protocol tests, `anerisc verify`'s
    // with the systems (tests/verify.rs).
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let names: Vec<String> = ["tests/diagnostics", "tests/protocols/fail", "tests/sync/fail"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap_or_else(|e| panic!("{dir}: {e}")))
        .map(|e| e.expect("readable entry").file_name().to_string_lossy().into_owned())
        .collect();
    // A file that cannot be read is a usage error of the command line, not a report in a file.
    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| **c != Code::IoError)
        .map(|c| c.as_str())
        .filter(|c| !names.iter().any(|n| n.starts_with(c)))
        .collect();
    assert!(missing.is_empty(), "codes without a test file: {missing:?}");
}
