//! `anerisc verify` (pretend synchrony, docs/verification.md) on `tests/sync/`: every `pass/*.ml`
//! system is verified (exit 0) and its synchronized program with the obligations' verdicts is
//! an insta snapshot; every `fail/*.ml` is rejected with the code its name starts with
//! (`E0602_racy_register.ml`) and its report is a snapshot (snapshots are reviewed by hand);
//! broken variants of the systems are never verified, and no deleted line makes it crash.

use std::path::{Path, PathBuf};

mod support;

/// Runs `anerisc verify` with `flags` on a file relative to the crate root: exit code, stdout,
/// stderr.
fn verify(relative: &Path, flags: &[&str]) -> (i32, String, String) {
    let args: Vec<&std::ffi::OsStr> = ["verify", "--color=never"].iter().chain(flags).map(|a| a.as_ref()).chain([relative.as_os_str()]).collect();
    support::anerisc_in_root(&args)
}

fn systems(dir: &str) -> Vec<PathBuf> {
    support::ml_files(&format!("tests/sync/{dir}"))
}

#[test]
fn every_passing_system_is_verified() {
    let files = systems("pass");
    assert!(files.len() >= 4, "only {} systems", files.len());
    for f in &files {
        let (code, out, err) = verify(f, &[]);
        assert_eq!(code, 0, "{}:\n{out}{err}", f.display());
        assert!(out.lines().last().is_some_and(|l| l.starts_with("verified: ")), "{}:\n{out}", f.display());
        assert!(!out.contains("NOT proven"), "{}:\n{out}", f.display());
    }
}

#[test]
fn every_synchronized_program_snapshot() {
    insta::glob!("sync/pass/*.ml", |path| {
        let relative = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).expect("inside the crate");
        let (code, out, err) = verify(relative, &["--show-sync"]);
        insta::assert_snapshot!(format!("exit code: {code}\n{out}{err}"));
    });
}

#[test]
fn every_failing_system_is_rejected_with_its_code() {
    let files = systems("fail");
    assert!(files.len() >= 6, "only {} failing systems", files.len());
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let (code, out, err) = verify(f, &[]);
        assert_eq!(code, 1, "{name}:\n{out}{err}");
        assert!(err.contains(&format!("[{}]", &name[..5])), "{name} should be rejected with {}:\n{err}", &name[..5]);
    }
}

#[test]
fn every_rejection_snapshot() {
    insta::glob!("sync/fail/*.ml", |path| {
        let relative = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).expect("inside the crate");
        let (code, out, err) = verify(relative, &[]);
        insta::assert_snapshot!(format!("exit code: {code}\n{out}{err}"));
    });
}

#[test]
fn a_program_that_starts_no_node_is_not_a_system() {
    let (code, _, err) = verify(Path::new("tests/programs/bitops.ml"), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("[E0601]") && err.contains("starts no node"), "{err}");
}

#[test]
fn timings_are_printed_on_request() {
    let (code, _, err) = verify(Path::new("tests/sync/pass/request_reply.ml"), &["--timings"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("synchronization") && err.contains("total"), "{err}");
}

/// `file` with `from` replaced by `to` (which must occur), written to a scratch file.
fn mutated(file: &str, from: &str, to: &str, test: &str) -> PathBuf {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).expect("readable system");
    assert!(text.contains(from), "{file} has no `{from}`");
    let dir = support::scratch("verify", test);
    let out = dir.join(Path::new(file).file_name().expect("a file name"));
    std::fs::write(&out, text.replacen(from, to, 1)).expect("write the mutant");
    out
}

#[test]
fn a_broken_system_is_never_verified() {
    let mutants = [
        ("tests/sync/pass/two_phase_commit.ml", "all_yes := !all_yes && v", "all_yes := !all_yes || v"),
        ("tests/sync/pass/two_phase_commit.ml", "if !all_yes then Commit else Abort", "if !all_yes then Abort else Commit"),
        ("tests/sync/pass/two_phase_commit.ml", "let decision = d in", "let decision = Commit in"),
        ("tests/sync/pass/ping_multicast.ml", "incr acks", "acks := !acks + 2"),
        ("tests/sync/pass/leader_followers.ml", "send_to mb p (Write (\"x\", value))", "send_to mb p (Write (\"y\", value))"),
        ("tests/sync/pass/counter_service.ml", "send_to mb from (Count !count)", "send_to mb from (Count (!count + 5))"),
        ("tests/sync/pass/request_reply.ml", "let reply = x + 1 in", "let reply = x + 2 in"),
        ("tests/sync/pass/successor_saturating.ml", "if x < max_int then x + 1 else x", "x + 1"),
    ];
    for (k, (file, from, to)) in mutants.iter().enumerate() {
        let mutant = mutated(file, from, to, &format!("broken{k}"));
        let (code, out, err) = verify(&mutant, &[]);
        assert_eq!(code, 1, "{file} with `{to}` must not verify:\n{out}{err}");
        assert!(out.contains("NOT proven") && err.contains("[E0605]"), "{file} with `{to}`:\n{out}{err}");
        let _ = std::fs::remove_dir_all(mutant.parent().expect("a scratch folder"));
    }
}

#[test]
fn deleting_any_line_gives_a_verdict_or_a_diagnostic_never_a_crash() {
    let file = "tests/sync/pass/two_phase_commit.ml";
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).expect("readable system");
    let lines: Vec<&str> = text.lines().collect();
    let dir = support::scratch("verify", "deletions");
    let mutant = dir.join("two_phase_commit.ml");
    for k in 0..lines.len() {
        let without: Vec<&str> = lines.iter().enumerate().filter(|(i, _)| *i != k).map(|(_, l)| *l).collect();
        std::fs::write(&mutant, without.join("\n")).expect("write the mutant");
        let (code, out, err) = verify(&mutant, &[]);
        assert!(code == 0 || code == 1, "without line {}: exit {code}\n{out}{err}", k + 1);
        assert!(!err.contains("panicked"), "without line {}:\n{err}", k + 1);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
