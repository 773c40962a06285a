//! The `anerisc` command line as a script sees it: exit codes, help, and inputs large enough
//! to stress the compiler's recursion.

use std::path::PathBuf;
use std::process::{Command, Output};

fn anerisc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_anerisc")).args(args).output().expect("anerisc runs")
}

/// A file in a fresh temporary folder.
fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("anerisc-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary folder");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("temporary file");
    path
}

#[test]
fn help_explains_the_commands_and_exit_codes() {
    let out = anerisc(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for word in ["check", "explain", "ir", "run", "build", "Exit codes"] {
        assert!(text.contains(word), "--help does not mention {word}:\n{text}");
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(anerisc(&["check"]).status.code(), Some(2));
    assert_eq!(anerisc(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(anerisc(&["explain", "E9999"]).status.code(), Some(2));
    let missing = anerisc(&["check", "/nonexistent/anerisc/missing.ml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("missing.ml"));
}

#[test]
fn deeply_nested_programs_check_without_overflowing() {
    let list = (0..100_000).map(|i| i.to_string()).collect::<Vec<_>>().join("; ");
    let sum = vec!["1"; 20_000].join(" + ");
    let text = format!("let xs = [{list}]\nlet y = {}1{}\nlet z = {sum}\n", "(".repeat(3000), ")".repeat(3000));
    let file = temp_file("deep.ml", &text);
    let out = anerisc(&["check", file.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}
