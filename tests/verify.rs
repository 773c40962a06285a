//! `anerisc verify` (pretend synchrony, ir/SYNC.md) on `tests/sync/`: every `pass/*.ml`
//! system is verified (exit 0) and its synchronized program with the obligations' verdicts is
//! an insta snapshot; every `fail/*.ml` is rejected with the code its name starts with
//! (`E0602_racy_register.ml`) and its report is a snapshot. Snapshots are reviewed by hand.

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
