//! Differential tests of the reference interpreter against real OCaml.
//!
//! Every `tests/programs/*.ml` is a sequential program. Each one is built with
//! `ocamlfind ocamlopt` against the OCaml shim of the library (`stdlib/ocaml/`, built once
//! per test process) and run; then it is run with `anerisc run --interp FILE -- ARGS`. The
//! two runs must print the same standard output and standard error and end with the same
//! exit code.
//!
//! Conventions of the corpus, on the first lines of a file:
//! * `(* ocaml-flags: -rectypes *)` (first line): extra flags for `ocamlopt`;
//! * `(* args: a b c *)` (first or second line): the command-line arguments, split on
//!   whitespace.
//!
//! Both runs see the file under its bare name (`x.ml`), so that `assert` failures and
//! `Match_failure` name the same file. Every process runs under a timeout and is killed
//! when it passes. These tests need OCaml (`ocamlfind`, Debian's `ocaml-nox` and
//! `ocaml-findlib`): without it they fail and say so.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How long building one program with `ocamlfind` may take.
const BUILD_LIMIT: Duration = Duration::from_secs(120);
/// How long one run of a program (native or interpreted) may take.
const RUN_LIMIT: Duration = Duration::from_secs(20);
/// The corpus must hold at least this many programs.
const MIN_PROGRAMS: usize = 60;
/// At least this many programs must end abnormally (uncaught exception, `assert`, `exit n`).
const MIN_ABNORMAL: usize = 3;

/// The workspace root.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The corpus folder.
fn programs_dir() -> PathBuf {
    root().join("tests/programs")
}

/// One corpus program and what its first lines ask for.
struct Program {
    /// The file name (`queens.ml`).
    file: String,
    /// The source text.
    source: String,
    /// Extra `ocamlopt` flags.
    flags: Vec<String>,
    /// Command-line arguments.
    args: Vec<String>,
}

/// The words of a `(* key: ... *)` comment that fills a whole line.
fn header_words<'a>(line: &'a str, key: &str) -> Option<Vec<&'a str>> {
    let rest = line.trim().strip_prefix("(*")?.trim_start().strip_prefix(key)?;
    Some(rest.strip_suffix("*)")?.split_whitespace().collect())
}

impl Program {
    fn load(path: &Path) -> Program {
        let source = std::fs::read_to_string(path).expect("readable corpus program");
        let mut lines = source.lines();
        let first = lines.next().unwrap_or("");
        let second = lines.next().unwrap_or("");
        let owned = |w: Vec<&str>| w.into_iter().map(String::from).collect::<Vec<_>>();
        let flags = header_words(first, "ocaml-flags:").map(owned).unwrap_or_default();
        let args = header_words(first, "args:").or_else(|| header_words(second, "args:")).map(owned).unwrap_or_default();
        let file = path.file_name().expect("file name").to_string_lossy().into_owned();
        Program { file, source, flags, args }
    }

    /// The module name OCaml gives the file (`queens`).
    fn stem(&self) -> &str {
        self.file.strip_suffix(".ml").unwrap_or(&self.file)
    }
}

/// The corpus, sorted by file name.
fn corpus() -> &'static [Program] {
    static CORPUS: OnceLock<Vec<Program>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(programs_dir())
            .expect("tests/programs exists")
            .map(|e| e.expect("readable entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "ml"))
            .collect();
        paths.sort();
        paths.iter().map(|p| Program::load(p)).collect()
    })
}

/// What a finished (or killed) process did.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Outcome {
    stdout: String,
    stderr: String,
    /// The exit code; `None` when a signal ended the process.
    code: Option<i32>,
}

/// Why a process gave no outcome.
#[derive(Debug)]
enum RunError {
    /// It could not be started.
    Spawn(std::io::Error),
    /// It did not finish within the limit and was killed.
    Timeout(Duration),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Spawn(e) => write!(f, "could not start: {e}"),
            RunError::Timeout(d) => write!(f, "did not finish within {d:?} and was killed"),
        }
    }
}

/// A pipe read to its end on a thread of its own (so that a full pipe never blocks the
/// child while the test waits for it).
fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Runs `command` to completion within `limit`, killing it when the limit passes.
fn run_bounded(mut command: Command, limit: Duration) -> Result<Outcome, RunError> {
    let mut child = command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().map_err(RunError::Spawn)?;
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let deadline = Instant::now() + limit;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
            _ => break None,
        }
    };
    let Some(status) = status else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(RunError::Timeout(limit));
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    Ok(Outcome { stdout, stderr, code: status.code() })
}

/// Fails the test with a clear message unless `ocamlfind` runs.
fn require_ocaml() {
    let found = Command::new("ocamlfind").args(["ocamlopt", "-version"]).output().is_ok_and(|o| o.status.success());
    assert!(
        found,
        "ocamlfind ocamlopt was not found: these tests compare anerisc with real OCaml; install \
         OCaml (Debian: apt-get install ocaml-nox ocaml-findlib) and run them again"
    );
}

/// Builds the OCaml shim once per test process and returns its folder.
fn shim_dir() -> &'static Path {
    static SHIM: OnceLock<PathBuf> = OnceLock::new();
    SHIM.get_or_init(|| {
        require_ocaml();
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("programs_shim");
        let mut build = Command::new("sh");
        build.arg(root().join("stdlib/ocaml/build.sh")).arg(&out);
        match run_bounded(build, BUILD_LIMIT) {
            Ok(o) if o.code == Some(0) => out,
            Ok(o) => panic!("stdlib/ocaml/build.sh failed:\n{}{}", o.stdout, o.stderr),
            Err(e) => panic!("stdlib/ocaml/build.sh {e}"),
        }
    })
}

/// Builds a program with `ocamlfind ocamlopt` and the shim in a folder of its own (OCaml
/// writes its object files next to the source) and returns the executable.
fn build_native(p: &Program) -> Result<PathBuf, String> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("programs_native").join(p.stem());
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    std::fs::write(dir.join(&p.file), &p.source).map_err(|e| format!("cannot copy the source: {e}"))?;
    let exe = dir.join(format!("{}.exe", p.stem()));
    let shim = shim_dir();
    let mut build = Command::new("ocamlfind");
    build
        .args(["ocamlopt", "-package", "unix,threads.posix", "-thread", "-linkpkg", "-w", "-a"])
        .args(&p.flags)
        .arg("-I")
        .arg(shim)
        .arg(shim.join("aneris_shim.cmxa"))
        .arg(&p.file)
        .arg("-o")
        .arg(&exe)
        .current_dir(&dir);
    match run_bounded(build, BUILD_LIMIT) {
        Ok(o) if o.code == Some(0) => Ok(exe),
        Ok(o) => Err(format!("ocamlfind ocamlopt failed:\n{}{}", o.stdout, o.stderr)),
        Err(e) => Err(format!("ocamlfind ocamlopt {e}")),
    }
}

/// The outcome of every corpus program built with real OCaml, computed once per process.
fn native_outcomes() -> &'static [Result<Outcome, String>] {
    static NATIVE: OnceLock<Vec<Result<Outcome, String>>> = OnceLock::new();
    NATIVE.get_or_init(|| {
        corpus()
            .iter()
            .map(|p| {
                let exe = build_native(p)?;
                let mut run = Command::new(&exe);
                run.args(&p.args).current_dir(exe.parent().expect("build folder"));
                run_bounded(run, RUN_LIMIT).map_err(|e| format!("the OCaml build {e}"))
            })
            .collect()
    })
}

/// Runs a program with `anerisc run --interp`, from the corpus folder.
fn run_interp(p: &Program) -> Result<Outcome, RunError> {
    let mut run = Command::new(env!("CARGO_BIN_EXE_anerisc"));
    run.args(["run", "--interp", &p.file, "--"]).args(&p.args).current_dir(programs_dir());
    run_bounded(run, RUN_LIMIT)
}

/// Says whether the `anerisc` binary has the `run --interp` subcommand.
fn interpreter_exists() -> Result<(), String> {
    let mut help = Command::new(env!("CARGO_BIN_EXE_anerisc"));
    help.args(["run", "--help"]);
    match run_bounded(help, RUN_LIMIT) {
        Ok(o) if o.code == Some(0) && o.stdout.contains("--interp") => Ok(()),
        Ok(o) => Err(format!("`anerisc run --help` does not offer --interp:\n{}{}", o.stdout, o.stderr)),
        Err(e) => Err(format!("`anerisc run --help` {e}")),
    }
}

/// A unified diff between two texts.
fn diff(what: &str, ocaml: &str, interp: &str) -> String {
    similar::TextDiff::from_lines(ocaml, interp)
        .unified_diff()
        .header(&format!("{what} (ocamlopt)"), &format!("{what} (anerisc run --interp)"))
        .to_string()
}

/// The differences between the OCaml run and the interpreted run, if any.
fn compare(ocaml: &Outcome, interp: &Outcome) -> Option<String> {
    let mut report = String::new();
    if ocaml.code != interp.code {
        report.push_str(&format!("exit code: ocamlopt {:?}, anerisc {:?}\n", ocaml.code, interp.code));
    }
    if ocaml.stdout != interp.stdout {
        report.push_str(&diff("stdout", &ocaml.stdout, &interp.stdout));
    }
    if ocaml.stderr != interp.stderr {
        report.push_str(&diff("stderr", &ocaml.stderr, &interp.stderr));
    }
    (!report.is_empty()).then_some(report)
}

#[test]
fn the_interpreter_prints_what_ocaml_prints() {
    if let Err(e) = interpreter_exists() {
        panic!("the reference interpreter is not available yet, so no program can be compared with OCaml: {e}");
    }
    let mut mismatches = Vec::new();
    for (p, native) in corpus().iter().zip(native_outcomes()) {
        let ocaml = match native {
            Ok(o) => o,
            Err(e) => {
                mismatches.push(format!("== {}: {e}", p.file));
                continue;
            }
        };
        match run_interp(p) {
            Ok(interp) => {
                if let Some(report) = compare(ocaml, &interp) {
                    mismatches.push(format!("== {}\n{report}", p.file));
                }
            }
            Err(e) => mismatches.push(format!("== {}: anerisc run --interp {e}", p.file)),
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} programs behave differently under anerisc run --interp and ocamlopt:\n\n{}",
        mismatches.len(),
        corpus().len(),
        mismatches.join("\n")
    );
}

#[test]
fn every_program_builds_and_runs_with_ocaml() {
    let mut failures = Vec::new();
    let mut abnormal = Vec::new();
    for (p, native) in corpus().iter().zip(native_outcomes()) {
        match native {
            Ok(o) if o.code.is_none() => failures.push(format!("{}: killed by a signal\n{}", p.file, o.stderr)),
            Ok(o) if o.stdout.is_empty() => failures.push(format!("{}: printed nothing", p.file)),
            Ok(o) if o.code != Some(0) => abnormal.push(p.file.clone()),
            Ok(_) => {}
            Err(e) => failures.push(format!("{}: {e}", p.file)),
        }
    }
    assert!(failures.is_empty(), "programs that fail under real OCaml:\n{}", failures.join("\n"));
    assert!(
        abnormal.len() >= MIN_ABNORMAL,
        "only {} programs end abnormally ({}); the corpus needs at least {MIN_ABNORMAL}",
        abnormal.len(),
        abnormal.join(", ")
    );
}

#[test]
fn anerisc_check_accepts_every_program() {
    let mut failures = Vec::new();
    for p in corpus() {
        let mut check = Command::new(env!("CARGO_BIN_EXE_anerisc"));
        check.args(["check", "--color=never", &p.file]).current_dir(programs_dir());
        match run_bounded(check, RUN_LIMIT) {
            Ok(o) if o.code == Some(0) => {}
            Ok(o) => failures.push(format!("== {}\n{}{}", p.file, o.stdout, o.stderr)),
            Err(e) => failures.push(format!("== {}: anerisc check {e}", p.file)),
        }
    }
    assert!(failures.is_empty(), "anerisc check rejects corpus programs:\n{}", failures.join("\n"));
}

/// The constructs of LANGUAGE.md's core section, each with texts of which at least one
/// must occur in some corpus program.
const CONSTRUCTS: &[(&str, &[&str])] = &[
    ("closures", &["fun () ->", "fun x ->"]),
    ("partial application", &["= add3 1 2", "Printf.sprintf \"%s:%i\" in"]),
    ("polymorphic type parameters", &["type 'a "]),
    ("deep recursion (100,000)", &["100000"]),
    ("raise", &["raise ("]),
    ("try ... with", &["try "]),
    ("Failure", &["Failure "]),
    ("Not_found", &["Not_found"]),
    ("Invalid_argument", &["Invalid_argument "]),
    ("user exception with arguments", &["exception Bad_value of", "exception Invalid_move of"]),
    ("assert", &["assert ("]),
    ("exit n", &["exit 3"]),
    ("failwith", &["failwith "]),
    ("invalid_arg", &["invalid_arg "]),
    ("String.length", &["String.length"]),
    ("String.sub", &["String.sub"]),
    ("String.index_from_opt", &["String.index_from_opt"]),
    ("String.concat", &["String.concat"]),
    ("String.equal", &["String.equal"]),
    ("String.make", &["String.make"]),
    ("int_of_string_opt", &["int_of_string_opt"]),
    ("string escapes", &["\\n", "\\t", "\\\\", "\\x41", "\\065"]),
    ("quoted strings", &["{|"]),
    ("float arithmetic", &["+.", "*.", "/."]),
    ("float_of_int / int_of_float", &["float_of_int", "int_of_float"]),
    ("Printf %f", &["%f"]),
    ("Printf %g", &["%g"]),
    ("Printf %.3f", &["%.3f"]),
    ("string_of_float", &["string_of_float"]),
    ("Printf flags and widths", &["%5d", "%-8s", "%05d", "%+d"]),
    ("Printf.sprintf", &["Printf.sprintf"]),
    ("Printf.eprintf", &["Printf.eprintf"]),
    ("prerr_endline", &["prerr_endline"]),
    ("references", &["ref ", ":=", "incr ", "decr "]),
    ("while loops", &["while "]),
    ("for loops", &["for ", " downto "]),
    ("List functions", &["List.map", "List.iter", "List.fold_left", "List.fold_right", "List.length", "List.rev", "List.filter", "List.exists", "List.for_all", "List.mem", "List.assoc", "List.nth"]),
    ("@ and ::", &[" @ ", " :: "]),
    ("records", &["type point = {"]),
    ("record update", &[" with x = "]),
    ("recursive variants", &["type 'a tree = Leaf | Node of 'a tree"]),
    ("options", &["Some ", "None"]),
    ("-rectypes lists", &["(* ocaml-flags: -rectypes *)", "alist"]),
    ("Sys.argv", &["Sys.argv.(", "Array.length Sys.argv"]),
    ("Serialization_code", &["open Serialization_code", "prod_serializer", "sum_serializer", "option_serializer", "list_serializer"]),
    ("List_code", &["open List_code"]),
    ("Queue_code", &["open Queue_code"]),
    ("Map_code", &["open Map_code"]),
    ("Set_code", &["open Set_code"]),
    ("Network_util_code", &["open Network_util_code"]),
    ("fork", &["fork "]),
    ("locks", &["newlock ()", "acquire ", "release "]),
    ("monitors", &["new_monitor ()", "monitor_wait ", "monitor_signal "]),
    ("mutual recursion", &["let rec is_even"]),
    ("higher-order functions", &["let compose f g x"]),
    ("guards", &[" when "]),
    ("or-patterns", &["| 1 | 2 | 3 ->"]),
    ("as-patterns", &[" as "]),
    ("nested patterns", &["Some (Some "]),
    ("structural comparison", &["compare (", " = ", " <> "]),
    ("physical equality", &[" == "]),
    ("integer overflow", &["max_int + 1"]),
    ("integer operators", &[" mod ", " land ", " lor ", " lxor ", " lsl ", " lsr ", " asr "]),
    ("char operations", &["Char.code", "Char.chr"]),
    ("|> and @@", &[" |> ", " @@ "]),
    ("type annotations", &["(x : int)", ": int alist"]),
    ("begin ... end", &["begin"]),
    ("function", &["function"]),
    ("let ... and", &["let rec is_even n", "\nand "]),
];

#[test]
fn the_corpus_is_large_and_covers_the_core_language() {
    let programs = corpus();
    assert!(programs.len() >= MIN_PROGRAMS, "tests/programs has {} programs, expected at least {MIN_PROGRAMS}", programs.len());
    let missing: Vec<String> = CONSTRUCTS
        .iter()
        .flat_map(|(construct, texts)| {
            texts
                .iter()
                .filter(|t| !programs.iter().any(|p| p.source.contains(*t)))
                .map(move |t| format!("{construct}: no program contains {t:?}"))
        })
        .collect();
    assert!(missing.is_empty(), "constructs the corpus does not use:\n{}", missing.join("\n"));
    let with_args = programs.iter().filter(|p| !p.args.is_empty()).count();
    assert!(with_args >= 2, "only {with_args} programs take command-line arguments");
}

#[test]
fn headers_are_read_from_the_first_lines() {
    assert_eq!(header_words("(* args: a  b 3 *)", "args:"), Some(vec!["a", "b", "3"]));
    assert_eq!(header_words("(* ocaml-flags: -rectypes *)", "ocaml-flags:"), Some(vec!["-rectypes"]));
    assert_eq!(header_words("(* A comment *)", "args:"), None);
    assert_eq!(header_words("let x = 1", "args:"), None);
}
