//! `anerisc launch` itself, with `/bin/sh` nodes (no build needed): output prefixes,
//! placeholders, the exit code of the first failing node, stopping the other nodes once
//! the `expect_exit` nodes are done, `--timeout`, forwarding SIGINT, `--faults`, and errors
//! that name the system file and the key.

mod support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::{run_bounded, scratch, Outcome, Running, ANERISC};

/// Bound on any one launch in these tests.
const LIMIT: Duration = Duration::from_secs(60);

/// A `[[node]]` table running `script` with `/bin/sh -c`.
fn sh_node(name: &str, script: &str, expect_exit: bool) -> String {
    format!("[[node]]\nname = \"{name}\"\nbinary = \"/bin/sh\"\nargs = [\"-c\", {script:?}]\nexpect_exit = {expect_exit}\n\n")
}

/// Writes `text` as `system.toml` in a scratch folder of `test`.
fn system(test: &str, text: &str) -> PathBuf {
    let file = scratch("launch", test).join("system.toml");
    std::fs::write(&file, text).expect("write the system file");
    file
}

fn launch(file: &Path, extra: &[&str]) -> Outcome {
    let mut cmd = Command::new(ANERISC);
    cmd.arg("launch").arg(file).args(extra);
    let out = run_bounded(cmd, LIMIT).expect("anerisc launch did not end in time");
    let _ = std::fs::remove_dir_all(file.parent().expect("a folder"));
    out
}

#[test]
fn output_is_prefixed_and_placeholders_are_filled() {
    let text = sh_node("a", "echo ip={ip} port={port:x}; echo again={port:x} braces={{}}; echo oops >&2", true);
    let out = launch(&system("prefix", &text), &[]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{out:?}");
    let port = lines[0].strip_prefix("[a] ip=127.0.0.1 port=").expect("a prefixed line with the address");
    assert!(port.parse::<u16>().is_ok_and(|p| p > 0), "{port}");
    assert_eq!(lines[1], format!("[a] again={port} braces={{}}"));
    assert_eq!(out.stderr, "[a] oops\n");
}

#[test]
fn the_first_failing_node_gives_the_exit_code() {
    let text = sh_node("server", "sleep 30", false) + &sh_node("bad", "echo trying; exit 3", true);
    let started = Instant::now();
    let out = launch(&system("failing", &text), &[]);
    assert_eq!(out.code, Some(3), "{out:?}");
    assert_eq!(out.stdout, "[bad] trying\n");
    assert!(out.stderr.contains("node `bad` failed (exit status 3)"), "{}", out.stderr);
    assert!(started.elapsed() < Duration::from_secs(25), "the sleeping server was not stopped");
}

#[test]
fn other_nodes_are_stopped_once_the_expected_ones_ended() {
    let text = sh_node("server", "echo up; sleep 30", false) + &sh_node("c1", "sleep 0.2; echo one", true) + &sh_node("c2", "echo two", true);
    let started = Instant::now();
    let out = launch(&system("done", &text), &[]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let mut lines: Vec<&str> = out.stdout.lines().collect();
    lines.sort();
    assert_eq!(lines, ["[c1] one", "[c2] two", "[server] up"]);
    assert!(started.elapsed() < Duration::from_secs(25), "the sleeping server was not stopped");
}

#[test]
fn faults_reach_every_node_and_timeouts_stop_them() {
    let text = sh_node("a", "echo \"$ANERIS_NET_FAULTS\"", true);
    let out = launch(&system("faults", &text), &["--faults", "drop=0.2,dup=0.1"]);
    assert_eq!((out.code, out.stdout.as_str()), (Some(0), "[a] drop=0.2,dup=0.1\n"), "{out:?}");
    let out = launch(&system("timeout", &sh_node("slow", "echo start; sleep 30", true)), &["--timeout", "0.5"]);
    assert_eq!((out.code, out.stdout.as_str()), (Some(124), "[slow] start\n"), "{out:?}");
    assert!(out.stderr.contains("timed out; still running: slow"), "{}", out.stderr);
}

#[test]
fn sigint_is_forwarded_to_the_nodes() {
    let script = "trap 'echo got INT; exit 0' INT; echo ready; while :; do sleep 0.05; done";
    let file = system("sigint", &sh_node("n", script, true));
    let mut cmd = Command::new(ANERISC);
    cmd.arg("launch").arg(&file).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null());
    let mut child = Running(cmd.spawn().expect("start launch"));
    let mut out = BufReader::new(child.0.stdout.take().expect("stdout"));
    let mut first = String::new();
    out.read_line(&mut first).expect("read the first line");
    assert_eq!(first, "[n] ready\n");
    // SAFETY: kill has no memory effects; the pid is our running child.
    unsafe { libc::kill(child.0.id() as libc::pid_t, libc::SIGINT) };
    let mut rest = String::new();
    out.read_line(&mut rest).expect("read the node's answer");
    let deadline = Instant::now() + LIMIT;
    let status = loop {
        match child.0.try_wait().expect("wait") {
            Some(s) => break s,
            None if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            None => panic!("launch did not end after SIGINT"),
        }
    };
    let _ = std::fs::remove_dir_all(file.parent().expect("a folder"));
    assert_eq!(rest, "[n] got INT\n");
    assert_eq!(status.code(), Some(130));
}

#[test]
fn mistakes_in_the_system_file_name_the_file_and_the_key() {
    let file = system("mistakes", "[[node]]\nname = \"a\"\nbinary = \"/bin/sh\"\nargs = [\"{host}\"]\n");
    let shown = file.display().to_string();
    let out = launch(&file, &[]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains(&shown) && out.stderr.contains("node[0].args[0]") && out.stderr.contains("{host}"), "{}", out.stderr);
    let out = launch(&system("missing", "[[node]]\nname = \"a\"\nsource = \"nowhere.ml\"\n"), &[]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("nowhere.ml") && out.stderr.contains("does not exist"), "{}", out.stderr);
    let out = launch(&system("typo", "[[node]]\nname = \"a\"\nbinary = \"/bin/sh\"\nexpect_exitt = true\n"), &[]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("expect_exitt"), "{}", out.stderr);
}

#[test]
fn help_describes_the_system_file() {
    let mut cmd = Command::new(ANERISC);
    cmd.args(["launch", "--help"]);
    let out = run_bounded(cmd, LIMIT).expect("help");
    assert_eq!(out.code, Some(0));
    for needle in ["[[node]]", "{port:LABEL}", "expect_exit", "--faults", "--timeout", "124"] {
        assert!(out.stdout.contains(needle), "{needle} missing from:\n{}", out.stdout);
    }
}
