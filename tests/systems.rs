//! The example systems of `tests/systems/`: each folder holds node programs, a
//! `system.toml` and `expected.txt`, the output `anerisc launch` must print (each line after
//! its node's `[name] ` prefix; lines are compared node by node, since nodes run
//! concurrently). Every system runs once on a clean network and once with datagrams
//! dropped, duplicated and reordered. Builds go to a cache folder of this test run.
//! `launch` runs under `--timeout`, and the test kills it if it outlives its own bound (its
//! nodes die with it).

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use support::{run_bounded, scratch, Outcome, ANERISC};

/// The faults of the acceptance criteria.
const FAULTS: &str = "drop=0.2,dup=0.1,reorder=0.2";
/// `launch --timeout` for one run of a system (building excluded: programs are built first).
const RUN_TIMEOUT_SECS: u64 = 90;
/// How long building every program of a system may take.
const BUILD_LIMIT: Duration = Duration::from_secs(600);

/// The folder of a system.
fn system_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/systems").join(name)
}

/// The lines of `text`, each node's lines in their order, nodes in name order.
fn by_node(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines.sort_by(|a, b| node_of(a).cmp(node_of(b)));
    lines
}

/// The `[name]` prefix of a line (the whole line when it has none).
fn node_of(line: &str) -> &str {
    line.find("] ").filter(|_| line.starts_with('[')).map_or(line, |i| &line[..=i])
}

/// `anerisc launch` on the system, with `extra` arguments, in a cache folder `cache`.
fn launch(name: &str, cache: &Path, extra: &[&str]) -> (Outcome, Duration) {
    let mut cmd = Command::new(ANERISC);
    cmd.arg("launch").arg(system_dir(name).join("system.toml")).args(extra).env("ANERISC_CACHE_DIR", cache);
    let started = Instant::now();
    let out = run_bounded(cmd, BUILD_LIMIT + Duration::from_secs(RUN_TIMEOUT_SECS + 30));
    (out.unwrap_or_else(|| panic!("anerisc launch of `{name}` outlived its bound and was killed")), started.elapsed())
}

/// Runs the system without and with faults and checks both outputs.
fn check_system(name: &str) {
    let cache = scratch("systems", name);
    let expected = std::fs::read_to_string(system_dir(name).join("expected.txt")).expect("expected.txt");
    let timeout = RUN_TIMEOUT_SECS.to_string();
    // The first run builds the programs into the cache; the faulty run reuses them.
    let (clean, clean_time) = launch(name, &cache, &["--timeout", &timeout]);
    let (faulty, faulty_time) = launch(name, &cache, &["--timeout", &timeout, "--faults", FAULTS]);
    let _ = std::fs::remove_dir_all(&cache);
    eprintln!("{name}: {clean_time:.1?} without faults (build included), {faulty_time:.1?} with {FAULTS}");
    for (what, out) in [("without faults", clean), ("with faults", faulty)] {
        assert_eq!(out.code, Some(0), "{name} {what}: launch failed\nstdout:\n{}\nstderr:\n{}", out.stdout, out.stderr);
        assert_eq!(by_node(&out.stdout), by_node(&expected), "{name} {what}: wrong output\nstderr:\n{}", out.stderr);
    }
}

#[test]
fn echo_service() {
    check_system("echo");
}

#[test]
fn bank() {
    check_system("bank");
}

#[test]
fn replicated_key_value_store() {
    check_system("kvstore");
}

#[test]
fn lock_service() {
    check_system("lock");
}

#[test]
fn two_phase_commit() {
    check_system("two_phase");
}

#[test]
fn sharded_store() {
    check_system("sharded");
}

#[test]
fn every_system_folder_is_tested() {
    let tested = ["bank", "echo", "kvstore", "lock", "sharded", "two_phase"];
    let mut found: Vec<String> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/systems"))
        .expect("tests/systems")
        .flatten()
        .filter(|e| e.path().join("system.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    assert_eq!(found, tested);
}

#[test]
fn every_system_passes_anerisc_check() {
    for name in ["bank", "echo", "kvstore", "lock", "sharded", "two_phase"] {
        let dir = system_dir(name);
        let sources: Vec<PathBuf> = std::fs::read_dir(&dir).expect("system folder").flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "ml")).collect();
        let mut cmd = Command::new(ANERISC);
        cmd.arg("check").arg("--deny-unchecked").args(&sources);
        let out = run_bounded(cmd, Duration::from_secs(120)).expect("anerisc check timed out");
        assert_eq!(out.code, Some(0), "anerisc check {name}:\n{}{}", out.stdout, out.stderr);
    }
}

/// A client that sends text a server cannot read as the pair it expects: the server
/// node fails with the deserializer's error, naming the serializer, the message and the
/// channel (not a wrong value), and launch says so.
const MALFORMED: &str = r#"open Ast
open Serialization_code
open Client_server_code

let () =
  let here i = makeAddress "127.0.0.1" (int_of_string Sys.argv.(i)) in
  match Sys.argv.(1) with
  | "server" ->
    let s = make_server_skt int_serializer (prod_serializer int_serializer bool_serializer) (here 2) in
    server_listen s;
    let (c, _) = accept s in
    let (n, b) = recv c in
    Printf.printf "wrongly got %d %b\n" n b
  | _ ->
    let s = make_client_skt string_serializer int_serializer (here 3) in
    let c = connect s (here 2) in
    send c "12_ab";
    print_int (recv c)
"#;

#[test]
fn a_malformed_message_fails_the_receiving_node() {
    let dir = scratch("systems", "malformed");
    std::fs::write(dir.join("malformed.ml"), MALFORMED).expect("write the program");
    let nodes = "[[node]]\nname = \"server\"\nsource = \"malformed.ml\"\nargs = [\"server\", \"{port:s}\"]\nexpect_exit = true\n\n\
                 [[node]]\nname = \"client\"\nsource = \"malformed.ml\"\nargs = [\"client\", \"{port:s}\", \"{port:c}\"]\n";
    std::fs::write(dir.join("system.toml"), nodes).expect("write the system file");
    let mut cmd = Command::new(ANERISC);
    cmd.arg("launch").arg(dir.join("system.toml")).arg("--timeout").arg(RUN_TIMEOUT_SECS.to_string()).env("ANERISC_CACHE_DIR", dir.join("cache"));
    let out = run_bounded(cmd, BUILD_LIMIT).expect("launch outlived its bound");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.code, Some(2), "{out:?}");
    assert_eq!(out.stdout, "", "no value may come out of a malformed message");
    // The failure names the serializer, the message and the channel (server <-> client).
    let failure = "[server] Fatal error: exception Failure(\"Serialization_code: prod_serializer: malformed pair (message \\\"12_ab\\\" on channel 127.0.0.1:";
    let line = out.stderr.lines().find(|l| l.starts_with(failure)).unwrap_or_else(|| panic!("no failure naming the channel:\n{}", out.stderr));
    let channel = &line[failure.len() - "127.0.0.1:".len()..line.len() - ")\")".len()];
    let ends: Vec<&str> = channel.split(" <-> ").collect();
    assert_eq!(ends.len(), 2, "{line}");
    assert!(ends.iter().all(|e| e.starts_with("127.0.0.1:") && e["127.0.0.1:".len()..].parse::<u16>().is_ok()), "{line}");
    assert_ne!(ends[0], ends[1], "{line}");
    assert!(out.stderr.contains("node `server` failed (exit status 2)"), "{}", out.stderr);
}
