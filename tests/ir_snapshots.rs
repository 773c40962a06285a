//! Snapshots of `anerisc ir`'s text for the programs in `tests/ir/` and for
//! `examples/echo.ml` (lowered with the library's OCaml sources; programs that use channels
//! carry the session checker's protocol states and verdicts as comments).

use std::path::{Path, PathBuf};
use std::process::Command;

/// What `anerisc ir FILE` prints, run next to the file; panics when it fails.
fn ir_of(path: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_anerisc"))
        .current_dir(path.parent().expect("a folder"))
        .arg("ir")
        .arg(path.file_name().expect("file name"))
        .output()
        .expect("anerisc runs");
    assert!(out.status.success(), "{}: exit {:?}\n{}", path.display(), out.status.code(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 IR text")
}

#[test]
fn ir_of_test_programs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ir");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).expect("tests/ir").map(|e| e.expect("entry").path()).filter(|p| p.extension().is_some_and(|e| e == "ml")).collect();
    files.sort();
    assert!(files.len() >= 20, "at least 20 programs in tests/ir");
    for file in files {
        let name = file.file_stem().expect("stem").to_string_lossy().into_owned();
        insta::assert_snapshot!(name, ir_of(&file));
    }
}

#[test]
fn echo_channel_operations_are_instructions() {
    let echo = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/echo.ml"));
    let ir = ir_of(&echo.canonicalize().expect("examples/echo.ml exists"));
    for op in ["make_server_skt", "make_client_skt", "server_listen", "accept", "connect", "send", "recv"] {
        assert!(ir.lines().any(|l| l.contains(&format!("= {op} ")) || l.trim_start().starts_with(&format!("{op} "))), "no `{op}` instruction in:\n{ir}");
    }
    assert!(ir.contains("[protocol echo]"), "the protocol name is carried");
    assert!(ir.contains("; protocol `echo` (client) at ?(n : int) -> owing ?(n : int), then ?(n : int)"), "the second send's states:\n{ir}");
    assert!(ir.contains("; refinement {n = String.length s} of ?(n : int) in protocol `echo`: proven"), "the server's refinement:\n{ir}");
    assert!(ir.contains("; assert: proven"), "the client's assert:\n{ir}");
    insta::assert_snapshot!("echo", ir);
}
