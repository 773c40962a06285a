//! Differential tests of anerisc's native code and reference interpreter against real OCaml.
//!
//! Every `tests/programs/*.ml` is a sequential program. Each one is built with
//! `ocamlfind ocamlopt` against the OCaml shim of the library (`stdlib/ocaml/`, built once
//! per test process) and run; it is run with `anerisc run --interp FILE -- ARGS`; and it is
//! built with `anerisc build FILE -o EXE` and run. The three runs must print the same
//! standard output and standard error and end with the same exit code. Programs are built
//! and run in parallel, a few at a time.
//!
//! The OCaml-side library code of `stdlib/ml/` (which anerisc lowers with every program) is
//! also compiled with real OCaml against its interfaces, with only the primitive modules
//! (`Ast`, `Client_server_code`) from the shim, and every program built against it must
//! behave as it does with the shim.
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

/// `f` applied to every item, on a few threads at once; results in the items' order.
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(2, 4);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<R>>> = items.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = f(item);
                *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
            });
        }
    });
    results.into_iter().map(|r| r.into_inner().unwrap_or_else(|e| e.into_inner()).expect("every item was mapped")).collect()
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

/// How a program is linked with real OCaml: the folders to search and the compiled
/// library to link, and the folder (under the temp dir) to build in.
struct Library {
    includes: Vec<PathBuf>,
    objects: Vec<PathBuf>,
    build_folder: &'static str,
}

/// The shim of `stdlib/ocaml/`.
fn shim_library() -> Library {
    let shim = shim_dir();
    Library { includes: vec![shim.to_path_buf()], objects: vec![shim.join("aneris_shim.cmxa")], build_folder: "programs_native" }
}

/// Builds a program with `ocamlfind ocamlopt` against `lib` in a folder of its own (OCaml
/// writes its object files next to the source) and returns the executable.
fn build_native(p: &Program, lib: &Library) -> Result<PathBuf, String> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(lib.build_folder).join(p.stem());
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    std::fs::write(dir.join(&p.file), &p.source).map_err(|e| format!("cannot copy the source: {e}"))?;
    let exe = dir.join(format!("{}.exe", p.stem()));
    let mut build = Command::new("ocamlfind");
    build.args(["ocamlopt", "-package", "unix,threads.posix", "-thread", "-linkpkg", "-w", "-a"]).args(&p.flags);
    for folder in &lib.includes {
        build.arg("-I").arg(folder);
    }
    build.args(&lib.objects).arg(&p.file).arg("-o").arg(&exe).current_dir(&dir);
    match run_bounded(build, BUILD_LIMIT) {
        Ok(o) if o.code == Some(0) => Ok(exe),
        Ok(o) => Err(format!("ocamlfind ocamlopt failed:\n{}{}", o.stdout, o.stderr)),
        Err(e) => Err(format!("ocamlfind ocamlopt {e}")),
    }
}

/// Builds and runs every corpus program against `lib`.
fn run_corpus_natively(lib: &Library) -> Vec<Result<Outcome, String>> {
    par_map(corpus(), |p| {
        let exe = build_native(p, lib)?;
        let mut run = Command::new(&exe);
        run.args(&p.args).current_dir(exe.parent().expect("build folder"));
        run_bounded(run, RUN_LIMIT).map_err(|e| format!("the OCaml build {e}"))
    })
}

/// The outcome of every corpus program built with real OCaml, computed once per process.
fn native_outcomes() -> &'static [Result<Outcome, String>] {
    static NATIVE: OnceLock<Vec<Result<Outcome, String>>> = OnceLock::new();
    NATIVE.get_or_init(|| run_corpus_natively(&shim_library()))
}

/// The library modules that are runtime primitives in anerisc: real OCaml takes them from
/// the shim.
const PRIMITIVE_MODULES: &[&str] = &["Ast", "Client_server_code"];

/// Library modules named like a module of OCaml's standard library. Each is compiled in a
/// folder of its own, which programs see (so `List.map` is the library's) but the shim's
/// modules do not (they use more of OCaml's).
const MIRRORED_MODULES: &[&str] = &["List"];

/// The module names of `anerisc_stdlib::ML_SOURCES`, in its (dependency) order, read from
/// the `library_source!("Name", "file")` lines of `stdlib/src/lib.rs`.
fn ml_sources_order() -> Vec<String> {
    let lib = std::fs::read_to_string(root().join("stdlib/src/lib.rs")).expect("stdlib/src/lib.rs");
    lib.lines()
        .filter_map(|l| l.trim().strip_prefix("library_source!(\""))
        .filter_map(|rest| rest.split('"').next())
        .map(String::from)
        .collect()
}

/// Compiles `mli` then `ml` (copied into `dir` as `<stem>.mli` / `<stem>.ml`) with
/// `ocamlopt -c`, warnings as errors, so the implementation must match its interface.
/// As in `stdlib/ocaml/build.sh`, an interface gets `-rectypes` only when it needs it
/// (it mentions List_code's `alist`): OCaml then requires the flag from its importers.
fn compile_module(dir: &Path, stem: &str, mli: &Path, ml: &Path) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let interface = std::fs::read_to_string(mli).map_err(|e| format!("{}: {e}", mli.display()))?;
    let interface_needs_rectypes = interface.contains("alist") || interface.contains("List_code");
    for (from, ext) in [(mli, "mli"), (ml, "ml")] {
        std::fs::copy(from, dir.join(format!("{stem}.{ext}"))).map_err(|e| format!("cannot copy {}: {e}", from.display()))?;
        let mut compile = Command::new("ocamlfind");
        compile.args(["ocamlopt", "-package", "unix,threads.posix", "-thread", "-w", "+a-4-9-40-41-42-44-45-70", "-warn-error", "+a", "-c"]);
        if ext == "ml" || interface_needs_rectypes {
            compile.arg("-rectypes");
        }
        compile
            .arg(format!("{stem}.{ext}"))
            .current_dir(dir);
        match run_bounded(compile, BUILD_LIMIT) {
            Ok(o) if o.code == Some(0) => {}
            Ok(o) => return Err(format!("{stem}.{ext}:\n{}{}", o.stdout, o.stderr)),
            Err(e) => return Err(format!("compiling {stem}.{ext} {e}")),
        }
    }
    Ok(dir.join(format!("{stem}.cmx")))
}

/// The library with the OCaml-side modules taken from `stdlib/ml/` (the code anerisc
/// lowers with every program) and only the primitive modules from the shim; built once.
fn ml_library() -> &'static Result<Library, String> {
    static LIBRARY: OnceLock<Result<Library, String>> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        require_ocaml();
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("programs_ml_library");
        let _ = std::fs::remove_dir_all(&dir);
        let mut lib = Library { includes: vec![dir.clone()], objects: Vec::new(), build_folder: "programs_ml_native" };
        let mut pending: Vec<&str> = PRIMITIVE_MODULES.to_vec();
        for name in ml_sources_order() {
            let stem = name.to_ascii_lowercase();
            let ml = root().join(format!("stdlib/ml/{stem}.ml"));
            let source = std::fs::read_to_string(&ml).map_err(|e| format!("{}: {e}", ml.display()))?;
            // A primitive module is compiled just before the first module that uses it.
            for shim in pending.iter().copied().filter(|m| source.contains(*m)).collect::<Vec<_>>() {
                pending.retain(|m| *m != shim);
                let shim_stem = shim.to_ascii_lowercase();
                let mli = root().join(format!("stdlib/mli/{shim_stem}.mli"));
                lib.objects.push(compile_module(&dir, &shim_stem, &mli, &root().join(format!("stdlib/ocaml/{shim_stem}.ml")))?);
            }
            let here = if MIRRORED_MODULES.contains(&name.as_str()) { dir.join(&stem) } else { dir.clone() };
            if here != dir {
                lib.includes.push(here.clone());
            }
            lib.objects.push(compile_module(&here, &stem, &root().join(format!("stdlib/mli/{stem}.mli")), &ml)?);
        }
        Ok(lib)
    })
}

#[test]
fn the_library_sources_compile_against_their_interfaces_with_ocaml() {
    if let Err(e) = ml_library() {
        panic!("OCaml rejects the library sources of stdlib/ml:\n{e}");
    }
}

#[test]
fn the_library_sources_behave_like_the_shim_under_ocaml() {
    let lib = match ml_library() {
        Ok(lib) => lib,
        Err(e) => panic!("OCaml rejects the library sources of stdlib/ml:\n{e}"),
    };
    let mut mismatches = Vec::new();
    for ((p, shim), ml) in corpus().iter().zip(native_outcomes()).zip(run_corpus_natively(lib)) {
        match (shim, ml) {
            (Ok(shim), Ok(ml)) => {
                if let Some(report) = compare(shim, &ml, "stdlib/ml") {
                    mismatches.push(format!("== {}\n{report}", p.file));
                }
            }
            (Err(e), _) => mismatches.push(format!("== {} with the shim: {e}", p.file)),
            (_, Err(e)) => mismatches.push(format!("== {} with stdlib/ml: {e}", p.file)),
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} programs behave differently with stdlib/ml's modules than with the shim's:\n\n{}",
        mismatches.len(),
        corpus().len(),
        mismatches.join("\n")
    );
}

/// Runs a program with `anerisc run --interp`, from the corpus folder.
fn run_interp(p: &Program) -> Result<Outcome, RunError> {
    let mut run = Command::new(env!("CARGO_BIN_EXE_anerisc"));
    run.args(["run", "--interp", &p.file, "--"]).args(&p.args).current_dir(programs_dir());
    run_bounded(run, RUN_LIMIT)
}

/// The outcome of every corpus program under `anerisc run --interp`, computed once.
fn interp_outcomes() -> &'static [Result<Outcome, String>] {
    static INTERP: OnceLock<Vec<Result<Outcome, String>>> = OnceLock::new();
    INTERP.get_or_init(|| par_map(corpus(), |p| run_interp(p).map_err(|e| format!("anerisc run --interp {e}"))))
}

/// Builds a program with `anerisc build` (from the corpus folder, so that it sees the file
/// under its bare name) and runs the executable from the corpus folder.
fn run_anerisc_native(p: &Program) -> Result<Outcome, String> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("programs_anerisc");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let exe = dir.join(p.stem());
    let mut build = Command::new(env!("CARGO_BIN_EXE_anerisc"));
    build.args(["build", &p.file, "-o"]).arg(&exe).current_dir(programs_dir());
    match run_bounded(build, BUILD_LIMIT) {
        Ok(o) if o.code == Some(0) => {}
        Ok(o) => return Err(format!("anerisc build failed:\n{}{}", o.stdout, o.stderr)),
        Err(e) => return Err(format!("anerisc build {e}")),
    }
    let mut run = Command::new(&exe);
    run.args(&p.args).current_dir(programs_dir());
    run_bounded(run, RUN_LIMIT).map_err(|e| format!("the anerisc build {e}"))
}

/// The outcome of every corpus program built with `anerisc build`, computed once.
fn anerisc_native_outcomes() -> &'static [Result<Outcome, String>] {
    static NATIVE: OnceLock<Vec<Result<Outcome, String>>> = OnceLock::new();
    NATIVE.get_or_init(|| par_map(corpus(), run_anerisc_native))
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

/// The name of the reference run in reports.
const OCAML: &str = "ocamlopt + shim";

/// A unified diff between two texts.
fn diff(what: &str, first: &str, first_name: &str, other: &str, other_name: &str) -> String {
    similar::TextDiff::from_lines(first, other)
        .unified_diff()
        .header(&format!("{what} ({first_name})"), &format!("{what} ({other_name})"))
        .to_string()
}

/// The differences between the OCaml run with the shim and another run, if any.
fn compare(ocaml: &Outcome, other: &Outcome, other_name: &str) -> Option<String> {
    compare_runs(ocaml, OCAML, other, other_name)
}

/// The differences between two runs, if any.
fn compare_runs(first: &Outcome, first_name: &str, other: &Outcome, other_name: &str) -> Option<String> {
    let mut report = String::new();
    if first.code != other.code {
        report.push_str(&format!("exit code: {first_name} {:?}, {other_name} {:?}\n", first.code, other.code));
    }
    if first.stdout != other.stdout {
        report.push_str(&diff("stdout", &first.stdout, first_name, &other.stdout, other_name));
    }
    if first.stderr != other.stderr {
        report.push_str(&diff("stderr", &first.stderr, first_name, &other.stderr, other_name));
    }
    (!report.is_empty()).then_some(report)
}

#[test]
fn the_interpreter_prints_what_ocaml_prints() {
    if let Err(e) = interpreter_exists() {
        panic!("the reference interpreter is not available yet, so no program can be compared with OCaml: {e}");
    }
    let mut mismatches = Vec::new();
    for ((p, native), interp) in corpus().iter().zip(native_outcomes()).zip(interp_outcomes()) {
        let ocaml = match native {
            Ok(o) => o,
            Err(e) => {
                mismatches.push(format!("== {}: {e}", p.file));
                continue;
            }
        };
        match interp {
            Ok(interp) => {
                if let Some(report) = compare(ocaml, interp, "anerisc run --interp") {
                    mismatches.push(format!("== {}\n{report}", p.file));
                }
            }
            Err(e) => mismatches.push(format!("== {}: {e}", p.file)),
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
fn native_code_prints_what_ocaml_and_the_interpreter_print() {
    let mut mismatches = Vec::new();
    let mut identical = 0;
    let runs = corpus().iter().zip(native_outcomes()).zip(interp_outcomes()).zip(anerisc_native_outcomes());
    for (((p, ocaml), interp), native) in runs {
        let native = match native {
            Ok(o) => o,
            Err(e) => {
                mismatches.push(format!("== {}: {e}", p.file));
                continue;
            }
        };
        let mut report = String::new();
        match ocaml {
            Ok(ocaml) => report.extend(compare(ocaml, native, "anerisc build")),
            Err(e) => report.push_str(&format!("{e}\n")),
        }
        match interp {
            Ok(interp) => report.extend(compare_runs(interp, "anerisc run --interp", native, "anerisc build")),
            Err(e) => report.push_str(&format!("{e}\n")),
        }
        if report.is_empty() {
            identical += 1;
        } else {
            mismatches.push(format!("== {}\n{report}", p.file));
        }
    }
    println!("native == interpreter == OCaml: {identical} of {} programs", corpus().len());
    assert!(
        mismatches.is_empty(),
        "{} of {} programs behave differently compiled by anerisc than under OCaml or the interpreter:\n\n{}",
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

/// The constructs of docs/language.md's core section, each with texts of which at least one
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
