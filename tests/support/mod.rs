//! Helpers shared by the integration tests that start processes: a child killed when
//! dropped, runs bounded by a timeout with their output captured, scratch folders and free
//! loopback ports.

#![allow(dead_code)] // each test file uses its own part of these helpers

use std::io::Read;
use std::net::UdpSocket;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The `anerisc` binary under test.
pub const ANERISC: &str = env!("CARGO_BIN_EXE_anerisc");

/// A child process that is killed when dropped.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// What a finished process printed and its exit code.
#[derive(Debug, PartialEq)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub code: Option<i32>,
}

/// Everything `pipe` gives until it closes.
pub fn read_all(pipe: Option<impl Read>) -> String {
    let mut text = String::new();
    if let Some(mut p) = pipe {
        let _ = p.read_to_string(&mut text);
    }
    text
}

/// Runs `cmd` to its end within `limit`; `None` when it had to be killed.
pub fn run_bounded(mut cmd: Command, limit: Duration) -> Option<Outcome> {
    let child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().ok()?;
    let mut child = Running(child);
    let out = child.0.stdout.take();
    let err = child.0.stderr.take();
    let out = std::thread::spawn(move || read_all(out));
    let err = std::thread::spawn(move || read_all(err));
    let deadline = Instant::now() + limit;
    let status = loop {
        match child.0.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            _ => return None,
        }
    };
    Some(Outcome { stdout: out.join().unwrap_or_default(), stderr: err.join().unwrap_or_default(), code: status.code() })
}

/// A fresh folder of its own for one test, named after the test file and the test.
pub fn scratch(file: &str, test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("anerisc-{file}-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp folder");
    dir
}

/// A UDP port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
    let s = UdpSocket::bind("127.0.0.1:0").expect("bind port 0");
    s.local_addr().expect("local address").port()
}

/// Builds `src` with `anerisc build` into `exe`; fails the test unless it builds within `limit`.
pub fn anerisc_build(src: &Path, exe: &Path, limit: Duration) {
    let mut cmd = Command::new(ANERISC);
    cmd.arg("build").arg(src).arg("-o").arg(exe);
    let out = run_bounded(cmd, limit).expect("anerisc build timed out");
    assert_eq!(out.code, Some(0), "anerisc build {} failed:\n{}{}", src.display(), out.stdout, out.stderr);
}

/// The `.ml` files of `dir` (relative to the crate root), as paths relative to the crate root,
/// sorted.
pub fn ml_files(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
        .expect("directory exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ml"))
        .map(|p| p.strip_prefix(root).expect("inside the crate").to_path_buf())
        .collect();
    files.sort();
    files
}

/// Runs `anerisc ARGS` in the crate root: exit code (-1 for a signal), stdout, stderr.
pub fn anerisc_in_root<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> (i32, String, String) {
    let out = Command::new(ANERISC).current_dir(env!("CARGO_MANIFEST_DIR")).args(args).output().expect("anerisc runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Runs `cmd` within `limit` and fails the test unless it succeeded.
pub fn must_succeed(cmd: Command, limit: Duration, what: &str) {
    let out = run_bounded(cmd, limit).unwrap_or_else(|| panic!("{what} did not finish in time"));
    assert_eq!(out.code, Some(0), "{what} failed:\n{}{}", out.stdout, out.stderr);
}

/// The OCaml shim of `stdlib/ocaml/` (to build programs with real OCaml), built into
/// `dir/shim` within `limit`.
pub fn build_shim(dir: &Path, limit: Duration) -> PathBuf {
    let found = Command::new("ocamlfind").args(["ocamlopt", "-version"]).output().is_ok_and(|o| o.status.success());
    assert!(found, "ocamlfind ocamlopt was not found: install OCaml (Debian: apt-get install ocaml-nox ocaml-findlib)");
    let shim = dir.join("shim");
    let mut cmd = Command::new("sh");
    cmd.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("stdlib/ocaml/build.sh")).arg(&shim);
    must_succeed(cmd, limit, "stdlib/ocaml/build.sh");
    shim
}
