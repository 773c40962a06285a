//! The mutation harness as a guard (`bench/mutate.py`, see `bench/README.md`): on a fixed
//! sample of mutants of the accepted corpus (60, seed 1), every mutant that `check` or
//! `verify` still accepts must be listed, either as equivalent
//! (`bench/mutants_equivalent.txt`) or as a known soundness hole
//! (`bench/mutants_known_holes.txt`), and no mutant may crash the binary or time out. A new
//! survivor means the checker got weaker, or a corpus change brought a mutant nobody has
//! judged yet: classify it (equivalent, with its reason, or a hole, with its class and a
//! line in `bench/mutation_findings.md`). A known hole that no longer survives is printed as
//! a note: remove it from the list.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

mod support;

const SAMPLE: &str = "60";
const SEED: &str = "1";

/// Runs the harness on the fixed sample with the given extra arguments; its exit code and
/// what it printed.
fn harness(name: &str, extra: &[&str]) -> (Option<i32>, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let mut cmd = Command::new("python3");
    cmd.current_dir(root)
        .arg("bench/mutate.py")
        .args(["--sample", SAMPLE, "--seed", SEED, "--timeout", "120", "--check-survivors"])
        .arg("--anerisc")
        .arg(support::ANERISC)
        .arg("--out")
        .arg(&out)
        .args(extra);
    let run = support::run_bounded(cmd, Duration::from_secs(600)).expect("python3 runs bench/mutate.py within 10 minutes");
    (run.code, format!("{}{}", run.stdout, run.stderr))
}

#[test]
fn every_sampled_survivor_is_classified() {
    let (code, report) = harness("mutation-guard", &[]);
    assert_eq!(code, Some(0), "bench/mutate.py --check-survivors failed:\n{report}");
    // The sample asks for 60; a mutant drawn twice or of a program left out is not run again.
    let mutants: usize = report.lines().find_map(|l| l.split(" mutants,").next().filter(|_| l.contains(" mutants,"))?.trim().parse().ok()).unwrap_or(0);
    assert!((50..=60).contains(&mutants), "the sample is not about 60 mutants ({mutants}):\n{report}");
}

/// The guard can fail: with empty lists, the sample's survivors are unclassified.
#[test]
fn the_guard_fails_on_an_unlisted_survivor() {
    let empty = Path::new(env!("CARGO_TARGET_TMPDIR")).join("mutation-empty-list.txt");
    std::fs::write(&empty, "# nothing\n").expect("writable scratch file");
    let empty = empty.to_str().expect("a UTF-8 path");
    let (code, report) = harness("mutation-guard-empty", &["--equivalent", empty, "--known-holes", empty]);
    assert_eq!(code, Some(1), "the harness accepted unlisted survivors:\n{report}");
    assert!(report.contains("UNCLASSIFIED SURVIVOR"), "no unclassified survivor reported:\n{report}");
}
