//! Differential tests of the type checker against real OCaml.
//!
//! * Every `tests/typing/*.ml` is given to `ocamlc -i` (with the OCaml shim of the library,
//!   built by `stdlib/ocaml/build.sh`) and to `anerisc check --print-types`; the two printed
//!   signatures must be identical (up to trailing whitespace). A file whose first line is
//!   `(* ocaml-flags: -rectypes *)` is given to `ocamlc` with those flags.
//! * The library interfaces that mirror OCaml's own modules (`stdlib/mli/stdlib.mli`,
//!   `list.mli`, ...) must declare exactly the types OCaml gives those values.
//!
//! These tests need OCaml (`ocamlc`, `ocamlfind`; Debian's `ocaml-nox`, which CI installs):
//! without it they fail and say so.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The workspace root (the `anerisc` crate's folder).
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Fails the test with a clear message unless `ocamlc` runs.
fn require_ocaml() {
    let found = Command::new("ocamlc").arg("-version").output().is_ok_and(|o| o.status.success());
    assert!(
        found,
        "ocamlc was not found: these tests compare anerisc with real OCaml; install OCaml \
         (Debian: apt-get install ocaml-nox) and run them again"
    );
}

/// Builds the OCaml shim once per test process and returns its folder.
fn shim_dir() -> &'static Path {
    static SHIM: OnceLock<PathBuf> = OnceLock::new();
    SHIM.get_or_init(|| {
        require_ocaml();
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ocaml_shim");
        let build = Command::new("sh")
            .arg(root().join("stdlib/ocaml/build.sh"))
            .arg(&out)
            .output()
            .expect("sh runs");
        assert!(build.status.success(), "stdlib/ocaml/build.sh failed:\n{}", text(&build.stderr));
        out
    })
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The text with trailing whitespace removed from every line and from the end.
fn normalise(s: &str) -> String {
    let lines: Vec<&str> = s.lines().map(str::trim_end).collect();
    lines.join("\n").trim_end().to_string()
}

/// The extra `ocamlc` flags a corpus file asks for on its first line.
fn ocaml_flags(source: &str) -> Vec<String> {
    let first = source.lines().next().unwrap_or("");
    match first.trim().strip_prefix("(* ocaml-flags:").and_then(|r| r.strip_suffix("*)")) {
        Some(flags) => flags.split_whitespace().map(String::from).collect(),
        None => Vec::new(),
    }
}

/// The `.ml` files of `tests/typing`, sorted.
fn corpus() -> Vec<PathBuf> {
    let dir = root().join("tests/typing");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/typing exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ml"))
        .collect();
    files.sort();
    files
}

/// `ocamlc -i` of a file, or the reason it failed.
fn ocaml_signature(file: &Path, flags: &[String]) -> Result<String, String> {
    let out = Command::new("ocamlc")
        .args(["-i", "-w", "-a"])
        .args(flags)
        .arg("-I")
        .arg(shim_dir())
        .arg(file)
        .output()
        .expect("ocamlc runs");
    finished(out)
}

/// `anerisc check --print-types` of a file, or the reason it failed.
fn anerisc_signature(file: &Path) -> Result<String, String> {
    let out = Command::new(env!("CARGO_BIN_EXE_anerisc"))
        .args(["check", "--print-types", "--color=never"])
        .arg(file)
        .output()
        .expect("anerisc runs");
    finished(out)
}

fn finished(out: Output) -> Result<String, String> {
    if out.status.success() {
        Ok(text(&out.stdout))
    } else {
        Err(format!("exit status {}\n{}{}", out.status, text(&out.stdout), text(&out.stderr)))
    }
}

/// A unified diff from `expected` to `actual` (both normalised).
fn diff(expected: &str, actual: &str) -> String {
    let (expected, actual) = (format!("{expected}\n"), format!("{actual}\n"));
    similar::TextDiff::from_lines(&expected, &actual)
        .unified_diff()
        .header("ocamlc -i", "anerisc check --print-types")
        .to_string()
}

#[test]
fn corpus_is_large_enough_and_well_typed_for_ocaml() {
    let files = corpus();
    assert!(files.len() >= 35, "tests/typing has {} programs, expected at least 35", files.len());
    let mut failures = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).expect("readable corpus file");
        if let Err(e) = ocaml_signature(file, &ocaml_flags(&source)) {
            failures.push(format!("{}: {e}", file.display()));
        }
    }
    assert!(failures.is_empty(), "OCaml rejects corpus files:\n{}", failures.join("\n"));
}

#[test]
fn anerisc_prints_the_signatures_ocamlc_prints() {
    let files = corpus();
    let mut mismatches = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).expect("readable corpus file");
        let expected = match ocaml_signature(file, &ocaml_flags(&source)) {
            Ok(sig) => normalise(&sig),
            Err(e) => panic!("ocamlc rejects {}: {e}", file.display()),
        };
        let name = file.file_name().unwrap_or_default().to_string_lossy().into_owned();
        match anerisc_signature(file) {
            Ok(actual) if normalise(&actual) == expected => {}
            Ok(actual) => mismatches.push(format!("== {name}\n{}", diff(&expected, &normalise(&actual)))),
            Err(e) => mismatches.push(format!("== {name}: anerisc failed: {e}")),
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} files differ from ocamlc -i:\n\n{}",
        mismatches.len(),
        files.len(),
        mismatches.join("\n")
    );
}

/// The `val` declarations of an interface as (name, type) pairs; a declaration may continue
/// on indented lines. Comments must start at the beginning of a line.
fn vals(interface: &str) -> Vec<(String, String)> {
    let mut decls: Vec<String> = Vec::new();
    let mut in_val = false;
    for line in interface.lines() {
        if let Some(rest) = line.strip_prefix("val ") {
            decls.push(rest.to_string());
            in_val = true;
        } else if in_val && line.starts_with(char::is_whitespace) && !line.trim().is_empty() {
            let last = decls.last_mut().expect("a declaration is open");
            last.push(' ');
            last.push_str(line.trim());
        } else {
            in_val = false;
        }
    }
    decls
        .iter()
        .filter_map(|d| {
            // The name is an identifier or an operator in parentheses, followed by ` : `.
            let split = if d.starts_with('(') { d.find(')').map(|i| i + 1) } else { d.find(' ') }?;
            let (name, rest) = d.split_at(split);
            let ty = rest.trim_start().strip_prefix(':')?.split_whitespace().collect::<Vec<_>>().join(" ");
            Some((name.to_string(), ty))
        })
        .collect()
}

/// The type with the module's own `t` written as OCaml prints it from outside (`String.t`).
fn qualify_t(ty: &str, module: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word == "t" {
            out.push_str(module);
            out.push('.');
        }
        out.push_str(word);
        word.clear();
    };
    for c in ty.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '\'' || c == '.' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[test]
fn mirrored_ocaml_modules_declare_ocamls_types() {
    require_ocaml();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ocaml_mirrors");
    std::fs::create_dir_all(&dir).expect("temp folder");
    let mut mismatches = Vec::new();
    for (module, file) in [
        ("Stdlib", "stdlib"),
        ("List", "list"),
        ("String", "string"),
        ("Char", "char"),
        ("Array", "array"),
        ("Sys", "sys"),
        ("Unix", "unix"),
    ] {
        let interface = std::fs::read_to_string(root().join(format!("stdlib/mli/{file}.mli"))).expect("mli");
        let declared = vals(&interface);
        assert!(!declared.is_empty(), "{file}.mli declares no values");
        let probe: String = declared
            .iter()
            .enumerate()
            .map(|(i, (name, _))| format!("let v{i} = {module}.{name}\n"))
            .collect();
        let probe_file = dir.join(format!("probe_{file}.ml"));
        std::fs::write(&probe_file, probe).expect("write probe");
        let out = Command::new("ocamlc")
            .args(["-i", "-I", "+unix"])
            .arg(&probe_file)
            .current_dir(&dir)
            .output()
            .expect("ocamlc runs");
        assert!(out.status.success(), "ocamlc rejects the {module} probe:\n{}", text(&out.stderr));
        let actual = vals(&text(&out.stdout));
        assert_eq!(actual.len(), declared.len(), "ocamlc printed a different number of values for {module}");
        let declares_t = interface.lines().any(|l| l.starts_with("type t "));
        for ((name, want), (_, got)) in declared.iter().zip(&actual) {
            let want = if declares_t { qualify_t(want, module) } else { want.clone() };
            if &want != got {
                mismatches.push(format!("{module}.{name}: declared `{want}`, OCaml has `{got}`"));
            }
        }
    }
    assert!(mismatches.is_empty(), "library interfaces differ from OCaml:\n{}", mismatches.join("\n"));
}

/// A child process that is killed when dropped.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Compiles a corpus program with `ocamlfind ocamlopt` against the shim. The source is
/// compiled from a copy in `out_dir`, so OCaml's `.cmi`/`.cmx`/`.o` files land there and not
/// in the corpus.
fn build_with_shim(source: &Path, out_dir: &Path) -> PathBuf {
    let text_of_source = std::fs::read_to_string(source).expect("readable program");
    let exe = out_dir.join(source.file_stem().expect("file name"));
    let source = &out_dir.join(source.file_name().expect("file name"));
    std::fs::write(source, &text_of_source).expect("copy the program next to its build");
    let out = Command::new("ocamlfind")
        .args(["ocamlopt", "-package", "unix,threads.posix", "-thread", "-linkpkg", "-w", "-a"])
        .args(ocaml_flags(&text_of_source))
        .arg("-I")
        .arg(shim_dir())
        .arg(shim_dir().join("aneris_shim.cmxa"))
        .arg(source)
        .arg("-o")
        .arg(&exe)
        .current_dir(out_dir)
        .output()
        .expect("ocamlfind runs");
    assert!(out.status.success(), "building {} failed:\n{}", source.display(), text(&out.stderr));
    exe
}

/// A loopback UDP port that was free a moment ago.
fn free_port() -> u16 {
    std::net::UdpSocket::bind("127.0.0.1:0").and_then(|s| s.local_addr()).expect("bind loopback").port()
}

/// Runs a client to completion within `limit`, returning its standard output.
fn run_client(mut command: Command, limit: std::time::Duration) -> String {
    let child = command.stdout(std::process::Stdio::piped()).spawn().expect("client starts");
    let mut client = Running(child);
    let deadline = std::time::Instant::now() + limit;
    loop {
        if let Some(status) = client.0.try_wait().expect("client status") {
            let mut out = String::new();
            std::io::Read::read_to_string(client.0.stdout.as_mut().expect("piped"), &mut out).expect("client output");
            assert!(status.success(), "client failed with {status}: {out}");
            return out;
        }
        assert!(std::time::Instant::now() < deadline, "client did not finish within {limit:?}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Starts `exe server 127.0.0.1 PORT`, then runs `exe client 127.0.0.1 PORT+... 127.0.0.1 PORT`
/// and returns the client's output.
fn client_server_run(exe: &Path, extra_client_args: &[&str]) -> String {
    let server_port = free_port().to_string();
    let client_port = free_port().to_string();
    let _server = Running(
        Command::new(exe)
            .args(["server", "127.0.0.1", &server_port])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("server starts"),
    );
    let mut client = Command::new(exe);
    client.args(["client", "127.0.0.1", &client_port, "127.0.0.1", &server_port]).args(extra_client_args);
    run_client(client, std::time::Duration::from_secs(20))
}

#[test]
fn shim_programs_talk_over_loopback() {
    require_ocaml();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("shim_programs");
    std::fs::create_dir_all(&dir).expect("temp folder");
    let echo = build_with_shim(&root().join("tests/typing/echo_server.ml"), &dir);
    assert_eq!(client_server_run(&echo, &[]), "1\n2\n3\n");
    let counter = build_with_shim(&root().join("tests/typing/rpc_counter.ml"), &dir);
    assert_eq!(client_server_run(&counter, &[]), "total 6\n");
}

/// A program that pushes messages through a reliable channel whose datagrams are dropped,
/// duplicated and delayed by the shim's fault simulation, and checks they arrive in order.
const LOSSY_CHANNEL: &str = r#"(* ocaml-flags: -rectypes *)
open Ast
open Serialization_code
open Client_server_code
let n = 200
let () =
  sendTo_sim_flag := true;
  set_send_fault_flags 200 100 100;
  let srv = makeAddress "127.0.0.1" (int_of_string Sys.argv.(1)) in
  let clt = makeAddress "127.0.0.1" (int_of_string Sys.argv.(2)) in
  let pair = prod_serializer int_serializer string_serializer in
  let s = make_server_skt int_serializer pair srv in
  server_listen s;
  fork (fun () ->
    let c = fst (accept s) in
    for _ = 1 to n do let (i, str) = recv c in send c (i + String.length str) done) ();
  let c = connect (make_client_skt pair int_serializer clt) srv in
  for i = 1 to n do send c (i, "ab") done;
  for i = 1 to n do if recv c <> i + 2 then failwith "out of order" done;
  print_endline "in order"
"#;

#[test]
fn shim_channels_survive_loss_duplication_and_delay() {
    require_ocaml();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("shim_lossy");
    std::fs::create_dir_all(&dir).expect("temp folder");
    let source = dir.join("lossy_channel.ml");
    std::fs::write(&source, LOSSY_CHANNEL).expect("write program");
    let exe = build_with_shim(&source, &dir);
    let mut run = Command::new(exe);
    run.arg(free_port().to_string()).arg(free_port().to_string());
    assert_eq!(run_client(run, std::time::Duration::from_secs(30)), "in order\n");
}
