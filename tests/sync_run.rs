//! The systems of `tests/sync/pass/` run for real (the verifier's tests are elsewhere):
//! each is run with `anerisc run FILE -- 3 PORT` on 127.0.0.1, every node must print its
//! line, and the lines must agree (two-phase commit: every participant ends in the
//! coordinator's decision, which is commit iff every vote was yes; ping: every participant
//! got the ping and the coordinator 3 acks; leader/followers: every follower reads the
//! value the leader wrote; counter: the clients' counts are 1..3; request/reply, run with
//! just a port: the answer is 42). The `System_code` library is checked on its own by a program
//! with two mailboxes in one process, natively, in the interpreter and with real OCaml
//! against the shim of `stdlib/ocaml/`; the two-phase commit also runs with real OCaml.
//! Needs OCaml (`ocamlfind`) for the last two: without it they fail and say so.
//! Every run is bounded by a timeout and killed when it passes it.

mod support;

use std::net::UdpSocket;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use support::{build_shim, must_succeed, run_bounded, scratch, Outcome, ANERISC};

/// How long one `anerisc run` (building included) or one OCaml build may take.
const RUN_LIMIT: Duration = Duration::from_secs(300);
/// How many times a run is retried when another process took one of its ports meanwhile.
const PORT_ATTEMPTS: usize = 5;
/// The number of participants (followers) each system runs with.
const N: usize = 3;

/// `tests/sync/pass/NAME.ml`.
fn pass_program(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/sync/pass/{name}.ml"))
}

/// A port `p` such that `p`, ..., `p + count - 1` were all free on 127.0.0.1 a moment ago.
fn free_ports(count: usize) -> u16 {
    for _ in 0..100 {
        let first = UdpSocket::bind("127.0.0.1:0").expect("bind port 0");
        let base = first.local_addr().expect("local address").port();
        if usize::from(base) + count > usize::from(u16::MAX) {
            continue;
        }
        let rest: Vec<_> = (1..count).map(|i| UdpSocket::bind(("127.0.0.1", base + i as u16))).collect();
        if rest.iter().all(Result::is_ok) {
            return base;
        }
    }
    panic!("found no {count} consecutive free UDP ports on 127.0.0.1");
}

/// Runs the command `make(base port)` with `ports` consecutive free ports, again with other
/// ports when one was taken by then; its outcome.
fn run_on_free_ports(ports: usize, make: impl Fn(u16) -> Command) -> Outcome {
    let mut last = None;
    for _ in 0..PORT_ATTEMPTS {
        let out = run_bounded(make(free_ports(ports)), RUN_LIMIT).expect("the run outlived its bound and was killed");
        // anerisc says "Address already in use", OCaml's Unix "EADDRINUSE".
        if !out.stderr.contains("Address already in use") && !out.stderr.contains("EADDRINUSE") {
            return out;
        }
        last = Some(out);
    }
    panic!("every attempt found a port taken: {last:?}");
}

/// `anerisc run [--interp] FILE -- [3] PORT` with a build cache in `cache`; its output,
/// which must be a success.
fn anerisc_run(file: &Path, cache: &Path, interp: bool, with_n: bool) -> String {
    let out = run_on_free_ports(N + 1, |port| {
        let mut cmd = Command::new(ANERISC);
        cmd.arg("run").args(interp.then_some("--interp")).arg(file).arg("--");
        cmd.args(with_n.then(|| N.to_string())).arg(port.to_string()).env("ANERISC_CACHE_DIR", cache);
        cmd
    });
    assert_eq!(out.code, Some(0), "anerisc run {} failed:\n{}{}", file.display(), out.stdout, out.stderr);
    out.stdout
}

/// Runs the pass program `name` natively with N participants; its output lines.
fn run_pass(name: &str) -> Vec<String> {
    let cache = scratch("sync_run", name);
    let out = anerisc_run(&pass_program(name), &cache, false, true);
    let _ = std::fs::remove_dir_all(&cache);
    out.lines().map(str::to_string).collect()
}

/// The lines starting with `prefix`, without it.
fn after<'a>(lines: &'a [String], prefix: &str) -> Vec<&'a str> {
    lines.iter().filter_map(|l| l.strip_prefix(prefix)).collect()
}

/// Checks the output of the two-phase commit: one line per node, every participant ends in
/// the coordinator's decision, and that decision is commit iff every participant voted yes.
fn check_two_phase_commit(lines: &[String]) {
    let coordinator = after(lines, "coordinator ");
    let participants = after(lines, "participant voted ");
    assert_eq!(coordinator.len(), 1, "{lines:?}");
    assert_eq!(participants.len(), N, "{lines:?}");
    assert_eq!(lines.len(), N + 1, "{lines:?}");
    let decision = coordinator[0];
    assert!(decision == "commit" || decision == "abort", "{lines:?}");
    let mut all_yes = true;
    for p in &participants {
        let (vote, ended) = p.split_once(", ").unwrap_or_else(|| panic!("malformed line {p:?}"));
        assert!(vote == "yes" || vote == "no", "{lines:?}");
        all_yes &= vote == "yes";
        assert_eq!(ended, decision, "a participant did not end in the coordinator's decision: {lines:?}");
    }
    assert_eq!(decision == "commit", all_yes, "the decision is not commit iff all voted yes: {lines:?}");
}

#[test]
fn two_phase_commit_participants_end_in_the_coordinators_decision() {
    // The votes are random: several runs see commits and aborts.
    for _ in 0..3 {
        check_two_phase_commit(&run_pass("two_phase_commit"));
    }
}

#[test]
fn ping_multicast_reaches_every_participant_and_collects_every_ack() {
    let lines = run_pass("ping_multicast");
    assert_eq!(after(&lines, "participant got ping").len(), N, "{lines:?}");
    assert_eq!(after(&lines, "coordinator got 3 acks"), vec![""], "{lines:?}");
    assert_eq!(lines.len(), N + 1, "{lines:?}");
}

#[test]
fn every_follower_reads_the_value_the_leader_wrote() {
    let lines = run_pass("leader_followers");
    let leader = after(&lines, "leader wrote x = ");
    assert_eq!(leader.len(), 1, "{lines:?}");
    let value = leader[0].strip_suffix(", 3 acks").unwrap_or_else(|| panic!("the leader did not count 3 acks: {lines:?}"));
    assert!(value.parse::<u32>().is_ok_and(|v| v < 1000), "{lines:?}");
    assert_eq!(after(&lines, "follower read x = "), vec![value; N], "{lines:?}");
    assert_eq!(lines.len(), N + 1, "{lines:?}");
}

/// Two mailboxes in one process: `addresses`, `send_to` and `receive` (with the sender's
/// address), both ways, a pair serializer, and messages kept in their order.
const MAILBOXES: &str = r#"open Ast
open Serialization_code
open System_code

let () =
  let port = int_of_string Sys.argv.(1) in
  Printf.printf "%d addresses\n" (List.length (addresses "127.0.0.1" port 0));
  match addresses "127.0.0.1" port 2 with
  | [a; b] ->
    Printf.printf "%s, +%d\n" (ip_of_address b) (port_of_address b - port);
    let ser = prod_serializer string_serializer int_serializer in
    let mb_a = mailbox ser a in
    let mb_b = mailbox ser b in
    send_to mb_a b ("hello", 1);
    send_to mb_a b ("again", 2);
    let ((s, n), from) = receive mb_b in
    Printf.printf "b got %s %d from +%d\n" s n (port_of_address from - port);
    let ((s, n), _) = receive mb_b in
    Printf.printf "b got %s %d\n" s n;
    send_to mb_b from ("back", n + 1);
    let ((s, n), from) = receive mb_a in
    Printf.printf "a got %s %d from +%d\n" s n (port_of_address from - port)
  | l -> Printf.printf "%d addresses instead of 2\n" (List.length l)
"#;

/// What [`MAILBOXES`] prints.
const MAILBOXES_OUTPUT: &str = "0 addresses\n127.0.0.1, +1\nb got hello 1 from +0\nb got again 2\na got back 3 from +1\n";

#[test]
fn mailboxes_send_and_receive_natively_and_in_the_interpreter() {
    let dir = scratch("sync_run", "mailboxes");
    let file = dir.join("mailboxes.ml");
    std::fs::write(&file, MAILBOXES).expect("write the program");
    let native = anerisc_run(&file, &dir.join("cache"), false, false);
    let interp = anerisc_run(&file, &dir.join("cache"), true, false);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(native, MAILBOXES_OUTPUT);
    assert_eq!(interp, MAILBOXES_OUTPUT);
}

/// `source` built with real OCaml against the shim in `shim`, as `dir/NAME`.
fn build_with_ocaml(source: &Path, dir: &Path, shim: &Path) -> PathBuf {
    // ocamlopt writes its intermediate files next to the source: compile a copy.
    let name = source.file_stem().expect("a file name").to_string_lossy().into_owned();
    let copy = dir.join(format!("{name}.ml"));
    if source != copy {
        std::fs::copy(source, &copy).expect("copy the source");
    }
    let exe = dir.join(&name);
    let mut cmd = Command::new("ocamlfind");
    cmd.args(["ocamlopt", "-package", "unix,threads.posix", "-thread", "-linkpkg", "-rectypes", "-I"])
        .arg(shim)
        .arg(shim.join("aneris_shim.cmxa"))
        .arg(&copy)
        .arg("-o")
        .arg(&exe);
    must_succeed(cmd, RUN_LIMIT, &format!("ocamlfind ocamlopt {name}.ml"));
    exe
}

#[test]
fn mailboxes_and_two_phase_commit_run_with_real_ocaml() {
    let dir = scratch("sync_run", "ocaml");
    let file = dir.join("mailboxes.ml");
    std::fs::write(&file, MAILBOXES).expect("write the program");
    let shim = build_shim(&dir, RUN_LIMIT);
    let mailboxes = build_with_ocaml(&file, &dir, &shim);
    let two_phase_commit = build_with_ocaml(&pass_program("two_phase_commit"), &dir, &shim);
    let mailboxes_out = run_on_free_ports(2, |port| {
        let mut cmd = Command::new(&mailboxes);
        cmd.arg(port.to_string());
        cmd
    });
    let commit_out = run_on_free_ports(N + 1, |port| {
        let mut cmd = Command::new(&two_phase_commit);
        cmd.arg(N.to_string()).arg(port.to_string());
        cmd
    });
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(mailboxes_out, Outcome { stdout: MAILBOXES_OUTPUT.into(), stderr: String::new(), code: Some(0) });
    assert_eq!(commit_out.code, Some(0), "{commit_out:?}");
    check_two_phase_commit(&commit_out.stdout.lines().map(str::to_string).collect::<Vec<_>>());
}

#[test]
fn every_client_of_the_counter_gets_its_own_count() {
    let lines = run_pass("counter_service");
    let mut counts: Vec<usize> = after(&lines, "client got ").iter().map(|c| c.parse().unwrap_or_else(|_| panic!("malformed count in {lines:?}"))).collect();
    counts.sort_unstable();
    assert_eq!(counts, (1..=N).collect::<Vec<_>>(), "the counts are 1..N in some order: {lines:?}");
    assert_eq!(after(&lines, "server counted "), vec![N.to_string()], "{lines:?}");
}

#[test]
fn the_client_of_request_reply_gets_the_successor() {
    let cache = scratch("sync_run", "request_reply");
    let out = anerisc_run(&pass_program("request_reply"), &cache, false, false);
    let _ = std::fs::remove_dir_all(&cache);
    assert_eq!(out, "answer 42\n");
}
