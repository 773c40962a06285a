//! The programs of `examples/` as a user meets them: each one passes `anerisc check`, except
//! `echo_bad.ml`, which must be rejected at the send that breaks its protocol; the system
//! `vote.ml` passes `anerisc verify`; `queens.ml` runs natively; and the outputs the
//! top-level README shows for its first example are what anerisc prints. (`tests/native_net.rs`
//! runs the networked examples as server and client processes.)

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;
use support::{run_bounded, Outcome, ANERISC};

/// The examples that must be rejected, with the diagnostic code they are rejected with.
const REJECTED: &[(&str, &str)] = &[("echo_bad.ml", "[E0506]")];

/// The examples that are whole systems for `anerisc verify`.
const SYSTEMS: &[&str] = &["vote.ml"];

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

/// Every `.ml` file of `examples/`, sorted.
fn examples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(examples_dir())
        .expect("examples/ is readable")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ml"))
        .collect();
    files.sort();
    files
}

fn anerisc(args: &[&str], file: &Path) -> Output {
    Command::new(ANERISC).args(args).arg(file).arg("--color=never").output().expect("anerisc runs")
}

fn name(file: &Path) -> &str {
    file.file_name().and_then(|n| n.to_str()).expect("a UTF-8 file name")
}

#[test]
fn the_examples_are_there() {
    let names: Vec<String> = examples().iter().map(|f| name(f).to_string()).collect();
    for expected in ["echo.ml", "echo_bad.ml", "bank_rpc.ml", "queens.ml", "vote.ml"] {
        assert!(names.iter().any(|n| n == expected), "examples/{expected} is missing (found {names:?})");
    }
    let readme = std::fs::read_to_string(examples_dir().join("README.md")).expect("examples/README.md");
    for n in &names {
        assert!(readme.contains(n.as_str()), "examples/README.md does not mention {n}");
    }
}

#[test]
fn every_example_but_the_broken_one_checks_cleanly() {
    for file in examples() {
        if REJECTED.iter().any(|(n, _)| *n == name(&file)) {
            continue;
        }
        let out = anerisc(&["check", "--deny-unproven", "--deny-unchecked"], &file);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{}:\n{stderr}", file.display());
        assert!(stderr.is_empty(), "{}: a clean check prints no diagnostic, got:\n{stderr}", file.display());
    }
}

#[test]
fn the_broken_examples_are_rejected_with_their_code() {
    for (file, code) in REJECTED {
        let out = anerisc(&["check"], &examples_dir().join(file));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{file}:\n{stderr}");
        assert!(stderr.contains(code), "{file} is not rejected with {code}:\n{stderr}");
    }
    // The README shows this diagnostic; the line it points at must be the faulty send.
    let out = anerisc(&["check"], &examples_dir().join("echo_bad.ml"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("send chan (strlen (word ^ \"\\n\"));"), "{stderr}");
    assert!(stderr.contains("counterexample: s = \"\", n = 1"), "{stderr}");
}

#[test]
fn the_example_systems_are_verified() {
    for file in SYSTEMS {
        let out = anerisc(&["verify"], &examples_dir().join(file));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{file}:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
        assert!(stdout.contains("ensures (line") && stdout.contains("verified: "), "{file}:\n{stdout}");
        assert!(!stdout.contains("NOT proven"), "{file}:\n{stdout}");
    }
}

#[test]
fn queens_runs_natively() {
    let dir = support::scratch("examples", "queens");
    let mut run = Command::new(ANERISC);
    run.env("ANERISC_CACHE_DIR", &dir).arg("run").arg(examples_dir().join("queens.ml")).args(["--", "8"]);
    let out = run_bounded(run, Duration::from_secs(120)).expect("queens did not finish in time");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out, Outcome { stdout: "8 queens: 92 solutions\n".into(), stderr: String::new(), code: Some(0) });
}

/// The workspace root.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The text of the first fenced block after the line of `text` that ends with `marker`.
fn block_after<'a>(text: &'a str, marker: &str) -> &'a str {
    let at = text.find(&format!("{marker}\n")).unwrap_or_else(|| panic!("README.md has no line ending with {marker:?}"));
    let rest = &text[at..];
    let open = rest.find("\n```").expect("a fenced block after the marker") + 1;
    let body = &rest[open..];
    let start = body.find('\n').expect("the fence line ends") + 1;
    let end = body[start..].find("```").expect("the block is closed") + start;
    &body[start..end]
}

/// Runs anerisc in `dir` with `args`, without colours.
fn anerisc_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(ANERISC).current_dir(dir).args(args).arg("--color=never").output().expect("anerisc runs")
}

#[test]
fn the_readme_shows_what_anerisc_prints() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");

    let types = anerisc_in(root(), &["check", "examples/echo.ml", "--print-types"]);
    assert_eq!(types.status.code(), Some(0));
    assert_eq!(block_after(&readme, "as `ocamlc -i` would:"), String::from_utf8_lossy(&types.stdout));

    // The broken copy of echo.ml the README describes, checked under the same relative path.
    let dir = support::scratch("examples", "readme");
    std::fs::create_dir_all(dir.join("examples")).expect("a folder");
    let echo = std::fs::read_to_string(examples_dir().join("echo.ml")).expect("echo.ml");
    assert!(echo.contains("send chan (strlen word);"), "the README's edit no longer applies to echo.ml");
    std::fs::write(dir.join("examples/echo.ml"), echo.replace("send chan (strlen word);", "send chan (strlen word + \"1\");")).expect("write");
    let broken = anerisc_in(&dir, &["check", "examples/echo.ml"]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(broken.status.code(), Some(1));
    assert_eq!(block_after(&readme, "and anerisc points at the mistake:"), String::from_utf8_lossy(&broken.stderr));

    let bad = anerisc_in(root(), &["check", "examples/echo_bad.ml"]);
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(block_after(&readme, "exits with status 1 and prints:"), String::from_utf8_lossy(&bad.stderr));
}
