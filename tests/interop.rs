//! Interoperability of the wire format: the echo service (reliable channels) and the bank
//! (RPC) of `tests/systems/` built natively with anerisc and with real OCaml against the
//! shim of `stdlib/ocaml/` (`ocamlfind ocamlopt -rectypes`), run in all four server/client
//! pairings on 127.0.0.1. Each client must get every answer from the other build's server.
//! Needs OCaml (`ocamlfind`, Debian's `ocaml-nox` and `ocaml-findlib`): without it the test
//! fails and says so.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;
use support::{build_shim, free_port, must_succeed, run_bounded, scratch, Outcome, Running};

/// How long one build may take.
const BUILD_LIMIT: Duration = Duration::from_secs(300);
/// How long one client run may take.
const RUN_LIMIT: Duration = Duration::from_secs(60);

/// `tests/systems/NAME/NAME.ml`.
fn source(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/systems/{name}/{name}.ml"))
}

/// The program `name` built with OCaml against the shim in `shim`.
fn build_ocaml(name: &str, dir: &Path, shim: &Path) -> PathBuf {
    // ocamlopt writes its intermediate files next to the source: compile a copy.
    let src = dir.join(format!("{name}.ml"));
    std::fs::copy(source(name), &src).expect("copy the source");
    let exe = dir.join(format!("{name}-ocaml"));
    let mut cmd = Command::new("ocamlfind");
    cmd.args(["ocamlopt", "-package", "unix,threads.posix", "-thread", "-linkpkg", "-rectypes", "-w", "-a", "-I"])
        .arg(shim)
        .arg(shim.join("aneris_shim.cmxa"))
        .arg(&src)
        .arg("-o")
        .arg(&exe);
    must_succeed(cmd, BUILD_LIMIT, &format!("ocamlfind ocamlopt {name}.ml"));
    exe
}

/// Starts `server server 127.0.0.1 PORT` and runs `client client 127.0.0.1 PORT2
/// 127.0.0.1 PORT ARGS...` against it; the client's outcome.
fn pairing(server: &Path, client: &Path, args: &[&str]) -> Outcome {
    let srv = free_port().to_string();
    let mut cmd = Command::new(server);
    cmd.args(["server", "127.0.0.1", &srv]).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    let _server = Running(cmd.spawn().expect("start the server"));
    let mut cmd = Command::new(client);
    cmd.args(["client", "127.0.0.1", &free_port().to_string(), "127.0.0.1", &srv]).args(args);
    run_bounded(cmd, RUN_LIMIT).unwrap_or_else(|| panic!("{} against {} did not finish in time", client.display(), server.display()))
}

/// Builds `name` both ways and runs the four pairings with the client's `args`; each
/// client must print `expected`.
fn all_pairings(name: &str, args: &[&str], expected: &str) {
    let dir = scratch("interop", name);
    let native = dir.join(format!("{name}-anerisc"));
    support::anerisc_build(&source(name), &native, BUILD_LIMIT);
    let builds = [("anerisc", native), ("OCaml", build_ocaml(name, &dir, &build_shim(&dir, BUILD_LIMIT)))];
    let expected = Outcome { stdout: expected.into(), stderr: String::new(), code: Some(0) };
    let mut failures = Vec::new();
    for (server_name, server) in &builds {
        for (client_name, client) in &builds {
            let out = pairing(server, client, args);
            if out != expected {
                failures.push(format!("{client_name} client, {server_name} server: {out:?}"));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{name}: pairings that failed:\n{}", failures.join("\n"));
}

#[test]
fn anerisc_and_ocaml_echo_nodes_talk_in_all_four_pairings() {
    all_pairings("echo", &["carpe", "diem", "a_b_1", ""], "carpe 5\ndiem 4\na_b_1 5\n 0\ndone\n");
}

#[test]
fn anerisc_and_ocaml_bank_nodes_talk_rpc_in_all_four_pairings() {
    all_pairings("bank", &["alice", "6"], "alice has 21\n");
}
