//! The library's OCaml-side code (`stdlib/ml/*.ml`, embedded as
//! `anerisc_stdlib::ML_SOURCES`, whose order this test reads from `stdlib/src/lib.rs`) is in
//! the subset and implements its interface:
//! * `anerisc check` accepts every file;
//! * every value its `stdlib/mli/<module>.mli` declares is defined, with the same number
//!   of arrows in its type (`anerisc check --print-types`);
//! * real OCaml compiles the file against that `.mli` (full signature matching), when
//!   OCaml is installed; the interfaces it uses come from the shim (`stdlib/ocaml/`).
//!
//! A file named like a library module is checked as a user module of that name: the
//! modules it opens still resolve to the library's interfaces.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The `val name : type` declarations of an interface or of `--print-types` output, as
/// (name, type) with whitespace normalised; a declaration may continue on indented lines.
fn vals(signature: &str) -> Vec<(String, String)> {
    // Continuation lines start with whitespace: join them to the line they continue.
    let mut joined = String::new();
    for line in signature.lines() {
        if !line.starts_with(char::is_whitespace) {
            joined.push('\n');
        }
        joined.push(' ');
        joined.push_str(line.trim());
    }
    joined
        .lines()
        .filter_map(|l| l.trim().strip_prefix("val "))
        .filter_map(|d| d.split_once(" : "))
        .map(|(name, ty)| (name.trim().to_string(), ty.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect()
}

/// The number of top-level arrows of a type: parentheses hide the arrows inside them.
fn arity(ty: &str) -> usize {
    let mut depth = 0i32;
    let mut arrows = 0;
    let bytes = ty.as_bytes();
    for (i, c) in bytes.iter().enumerate() {
        match c {
            b'(' => depth += 1,
            b')' => depth -= 1,
            b'-' if depth == 0 && bytes.get(i + 1) == Some(&b'>') => arrows += 1,
            _ => {}
        }
    }
    arrows
}

/// The `.ml` files of `stdlib/ml`, sorted.
fn sources() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("stdlib/ml"))
        .expect("stdlib/ml exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ml"))
        .collect();
    files.sort();
    files
}

fn interface_of(file: &Path) -> String {
    let stem = file.file_stem().expect("file name").to_string_lossy().into_owned();
    std::fs::read_to_string(root().join(format!("stdlib/mli/{stem}.mli"))).expect("every stdlib/ml file has a stdlib/mli interface")
}

fn check(file: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_anerisc"))
        .args(["check", "--print-types", "--color=never"])
        .arg(file)
        .output()
        .expect("anerisc runs")
}

/// The module names of `ML_SOURCES`, in its (dependency) order, read from the
/// `library_source!("Name", "file")` lines of `stdlib/src/lib.rs`.
fn ml_sources_order() -> Vec<String> {
    let lib = std::fs::read_to_string(root().join("stdlib/src/lib.rs")).expect("stdlib/src/lib.rs");
    lib.lines()
        .filter_map(|l| l.trim().strip_prefix("library_source!(\""))
        .filter_map(|rest| rest.split('"').next())
        .map(String::from)
        .collect()
}

#[test]
fn ml_sources_lists_every_file() {
    let mut listed: Vec<String> = ml_sources_order().iter().map(|n| format!("{}.ml", n.to_ascii_lowercase())).collect();
    listed.sort();
    let files: Vec<String> = sources().iter().map(|p| p.file_name().unwrap_or_default().to_string_lossy().into_owned()).collect();
    assert_eq!(listed, files);
}

#[test]
fn anerisc_check_accepts_every_library_source_and_it_defines_its_interface() {
    let mut failures = Vec::new();
    for file in sources() {
        let name = file.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let out = check(&file);
        if !out.status.success() {
            failures.push(format!("== {name}: anerisc check fails\n{}{}", text(&out.stdout), text(&out.stderr)));
            continue;
        }
        let defined = vals(&text(&out.stdout));
        for (val, ty) in vals(&interface_of(&file)) {
            match defined.iter().find(|(n, _)| *n == val) {
                None => failures.push(format!("{name}: `{val}` is declared in the .mli but not defined")),
                Some((_, got)) if arity(got) != arity(&ty) => {
                    failures.push(format!("{name}: `{val}` is declared `{ty}` but defined `{got}`"))
                }
                Some(_) => {}
            }
        }
    }
    assert!(failures.is_empty(), "library sources that do not implement their interface:\n{}", failures.join("\n"));
}

/// The library modules that mirror a module of OCaml's standard library.
const MIRRORED: &[&str] = &["List"];

/// Runs `command` in `dir`, returning the failure's report.
fn run_in(dir: &Path, command: &mut Command) -> Result<(), String> {
    let out = command.current_dir(dir).output().map_err(|e| format!("cannot run: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{}{}", text(&out.stdout), text(&out.stderr)))
    }
}

/// `ocamlfind ocamlc -c` with the threads and unix packages, `-rectypes` and `args`.
fn ocamlc(args: &[&str]) -> Command {
    let mut c = Command::new("ocamlfind");
    c.args(["ocamlc", "-package", "unix,threads.posix", "-thread", "-rectypes", "-w", "+a-4-9-40-41-42-44-45-70", "-warn-error", "+a", "-c"])
        .args(args);
    c
}

#[test]
fn real_ocaml_compiles_every_library_source_against_its_interface() {
    let found = Command::new("ocamlfind").args(["ocamlc", "-version"]).output().is_ok_and(|o| o.status.success());
    assert!(found, "ocamlfind was not found: install OCaml (Debian: ocaml-nox ocaml-findlib) and run again");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("stdlib_ml_ocaml");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp folder");
    // The modules that are runtime primitives come from the shim, each compiled just before
    // the first library source that uses it.
    let mut shim_pending = vec!["Ast", "Client_server_code"];
    let mut failures = Vec::new();
    for name in ml_sources_order() {
        let source = std::fs::read_to_string(root().join(format!("stdlib/ml/{}.ml", name.to_ascii_lowercase()))).expect("source");
        let needed: Vec<&str> = shim_pending.iter().copied().filter(|m| source.contains(m)).collect();
        for shim in needed {
            shim_pending.retain(|m| *m != shim);
            let stem = shim.to_ascii_lowercase();
            std::fs::copy(root().join(format!("stdlib/mli/{stem}.mli")), dir.join(format!("{stem}.mli"))).expect("copy shim interface");
            std::fs::copy(root().join(format!("stdlib/ocaml/{stem}.ml")), dir.join(format!("{stem}.ml"))).expect("copy shim");
            let (mli, ml) = (format!("{stem}.mli"), format!("{stem}.ml"));
            run_in(&dir, &mut ocamlc(&[&mli])).and_then(|()| run_in(&dir, &mut ocamlc(&[&ml]))).expect("the shim compiles");
        }
        // Each library source against its own interface. A module named like one of OCaml's
        // (`List`) is compiled in a folder of its own: there it would hide OCaml's from the
        // shim, which uses more of it.
        let stem = name.to_ascii_lowercase();
        let here = if MIRRORED.contains(&name.as_str()) { dir.join(&stem) } else { dir.clone() };
        std::fs::create_dir_all(&here).expect("folder");
        let mli = format!("{stem}.mli");
        let ml = format!("{stem}.ml");
        std::fs::copy(root().join(format!("stdlib/mli/{mli}")), here.join(&mli)).expect("copy interface");
        std::fs::write(here.join(&ml), source).expect("write source");
        if let Err(e) = run_in(&here, &mut ocamlc(&[&mli])).and_then(|()| run_in(&here, &mut ocamlc(&[&ml]))) {
            failures.push(format!("== {ml}\n{e}"));
        }
    }
    assert!(failures.is_empty(), "OCaml rejects library sources:\n{}", failures.join("\n"));
}

#[test]
fn signatures_are_read_as_ocaml_prints_them() {
    let sig = "val a : int -> (int -> int) -> int\nval b :\n  'a list ->\n  'b\ntype t = int\n";
    assert_eq!(vals(sig), vec![("a".into(), "int -> (int -> int) -> int".into()), ("b".into(), "'a list -> 'b".into())]);
    assert_eq!(arity("int -> (int -> int) -> int"), 2);
    assert_eq!(arity("int"), 0);
}
