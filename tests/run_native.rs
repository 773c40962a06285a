//! `anerisc run FILE -- ARGS` without `--interp`: the program is built natively into the
//! cache (`ANERISC_CACHE_DIR` here), run with its arguments and exit code passed through, and
//! not built again while nothing it depends on changes.

use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one `anerisc run` (a build included) may take.
const TIMEOUT: Duration = Duration::from_secs(120);

/// What a finished run printed and its exit code.
struct Ran {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `anerisc run FILE -- ARGS` with `cache` as the cache folder; killed after `TIMEOUT`.
fn run(cache: &Path, file: &Path, args: &[&str]) -> Ran {
    let mut child = Command::new(env!("CARGO_BIN_EXE_anerisc"))
        .arg("run")
        .arg(file)
        .arg("--")
        .args(args)
        .env("ANERISC_CACHE_DIR", cache)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("anerisc starts");
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for anerisc") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("anerisc run {} did not finish within {TIMEOUT:?}", file.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    child.stdout.take().expect("stdout").read_to_string(&mut stdout).expect("stdout is text");
    child.stderr.take().expect("stderr").read_to_string(&mut stderr).expect("stderr is text");
    Ran { code: status.code(), stdout, stderr }
}

/// A fresh folder holding a program folder with `files` (name, text) and a cache folder.
fn fresh(name: &str, files: &[(&str, &str)]) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("anerisc-run-native-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).expect("temporary folder");
    for (file, text) in files {
        std::fs::write(dir.join("src").join(file), text).expect("temporary file");
    }
    (dir.join("src"), dir.join("cache"))
}

/// The executables in the cache: (path, inode, modification time).
fn cached(cache: &Path) -> Vec<(PathBuf, u64, i64)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(cache).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(entry.path()).into_iter().flatten().flatten() {
            let meta = file.metadata().expect("metadata");
            out.push((file.path(), meta.ino(), meta.mtime_nsec() + 1_000_000_000 * meta.mtime()));
        }
    }
    out.sort();
    out
}

const ECHO: &str = r#"
let () =
  let n = Array.length Sys.argv in
  for i = 1 to n - 1 do print_endline (Helper.shout Sys.argv.(i)) done;
  exit (n - 1)
"#;

#[test]
fn runs_natively_with_arguments_and_exit_code_and_reuses_the_cache() {
    let (src, cache) = fresh("echo", &[("echo.ml", ECHO), ("helper.ml", "let shout s = s ^ \"!\"\n")]);
    let main = src.join("echo.ml");
    let first = run(&cache, &main, &["a", "bc"]);
    assert_eq!((first.code, first.stdout.as_str()), (Some(2), "a!\nbc!\n"), "stderr: {}", first.stderr);
    let built = cached(&cache);
    assert_eq!(built.len(), 1, "one executable cached: {built:?}");

    let second = run(&cache, &main, &["x"]);
    assert_eq!((second.code, second.stdout.as_str()), (Some(1), "x!\n"), "stderr: {}", second.stderr);
    assert_eq!(cached(&cache), built, "the second run used the cached executable without building");

    std::fs::write(src.join("helper.ml"), "let shout s = s ^ \"?\"\n").unwrap();
    let third = run(&cache, &main, &["y"]);
    assert_eq!((third.code, third.stdout.as_str()), (Some(1), "y?\n"), "stderr: {}", third.stderr);
    assert_eq!(cached(&cache).len(), 2, "a changed module is a new build");
    let _ = std::fs::remove_dir_all(src.parent().unwrap());
}

#[test]
fn uncaught_exceptions_and_program_errors_keep_their_exit_codes() {
    let (src, cache) = fresh("errors", &[("raising.ml", "let () = print_string \"before\"; failwith \"boom\"\n"), ("bad.ml", "let () = print_int \"not an int\"\n")]);
    let r = run(&cache, &src.join("raising.ml"), &[]);
    assert_eq!((r.code, r.stdout.as_str()), (Some(2), "before"));
    assert!(r.stderr.contains("Fatal error: exception Failure(\"boom\")"), "stderr: {}", r.stderr);

    let r = run(&cache, &src.join("bad.ml"), &[]);
    assert_eq!(r.code, Some(1), "a program with a type error: stderr {}", r.stderr);
    assert_eq!(cached(&cache).len(), 1, "nothing is cached for a program that does not build");

    let missing = run(&cache, &src.join("missing.ml"), &[]);
    assert_eq!(missing.code, Some(2));
    assert!(missing.stderr.contains("missing.ml"), "stderr: {}", missing.stderr);
    let _ = std::fs::remove_dir_all(src.parent().unwrap());
}

/// Blocks allocated inline by compiled code (constructors, tuples, closures, partial
/// applications) and kept live across many minor and major collections.
const ALLOCATING: &str = r#"
type tree = Leaf | Node of tree * int * tree

let rec make d = if d = 0 then Leaf else Node (make (d - 1), d, make (d - 1))
let rec count t = match t with Leaf -> 0 | Node (l, _, r) -> count l + 1 + count r
let add3 a b c = a + b + c

let () =
  let kept = make 16 in
  let total = ref 0 in
  for _ = 1 to 20 do total := !total + count (make 12) done;
  let xs = List.init 100000 (fun i -> i) in
  let adders = List.map (add3 1) xs in
  let pairs = List.map (fun f -> (f 2, fun y -> f y)) adders in
  let sum = List.fold_left (fun acc (a, g) -> acc + a + g 0) 0 pairs in
  Printf.printf "%d %d %d\n" (count kept) !total sum
"#;

#[test]
fn values_allocated_inline_survive_collections() {
    let (src, cache) = fresh("alloc", &[("alloc.ml", ALLOCATING)]);
    let r = run(&cache, &src.join("alloc.ml"), &[]);
    // count (make d) = 2^d - 1; sum over i < 100000 of (1 + i + 2) + (1 + i + 0).
    let n: i64 = 100_000;
    let sum = 2 * (n * (n - 1) / 2) + 4 * n;
    assert_eq!(r.stdout, format!("{} {} {sum}\n", (1 << 16) - 1, 20 * ((1 << 12) - 1)), "stderr: {}", r.stderr);
    assert_eq!(r.code, Some(0));
    let _ = std::fs::remove_dir_all(src.parent().unwrap());
}
