//! The library's OCaml-side code (`stdlib/ml/*.ml`, embedded as
//! `anerisc_stdlib::ML_SOURCES`) is in the subset and implements its interface:
//! * `anerisc check` accepts every file;
//! * every value its `stdlib/mli/<module>.mli` declares is defined, with the same number
//!   of arrows in its type (`anerisc check --print-types`);
//!
//! (`tests/programs.rs` compiles them with real OCaml against their `.mli`s and runs the
//! program corpus with them.)
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

#[test]
fn signatures_are_read_as_ocaml_prints_them() {
    let sig = "val a : int -> (int -> int) -> int\nval b :\n  'a list ->\n  'b\ntype t = int\n";
    assert_eq!(vals(sig), vec![("a".into(), "int -> (int -> int) -> int".into()), ("b".into(), "'a list -> 'b".into())]);
    assert_eq!(arity("int -> (int -> int) -> int"), 2);
    assert_eq!(arity("int"), 0);
}
