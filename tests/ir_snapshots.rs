//! Snapshots of the IR (`anerisc ir`'s text) of the programs in `tests/ir/` and of
//! `examples/echo.ml`, lowered with the library's OCaml sources.

use anerisc_frontend::render::ColorChoice;
use anerisc_ir::load::{library_sources, load};
use anerisc_ir::print::print_program;
use std::path::{Path, PathBuf};

fn ir_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("readable program");
    let sources = library_sources();
    let loaded = load(PathBuf::from(path.file_name().expect("file name")), text, &[], &sources, ColorChoice::Plain)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let users = loaded.user_modules.clone();
    print_program(&loaded.program, &|m| users.iter().any(|u| u == m))
}

#[test]
fn ir_of_test_programs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ir");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).expect("tests/ir").map(|e| e.expect("entry").path()).filter(|p| p.extension().is_some_and(|e| e == "ml")).collect();
    files.sort();
    assert!(files.len() >= 20, "at least 20 programs in tests/ir");
    for file in files {
        let name = file.file_stem().expect("stem").to_string_lossy().into_owned();
        insta::assert_snapshot!(name, ir_of(&file));
    }
}

#[test]
fn echo_channel_operations_are_instructions() {
    let ir = ir_of(Path::new("/work/shared/examples/echo.ml").canonicalize().as_deref().unwrap_or(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/examples/echo.ml"))));
    for op in ["make_server_skt", "make_client_skt", "server_listen", "accept", "connect", "send", "recv"] {
        assert!(ir.lines().any(|l| l.contains(&format!("= {op} ")) || l.trim_start().starts_with(&format!("{op} "))), "no `{op}` instruction in:\n{ir}");
    }
    assert!(ir.contains("[protocol echo]"), "the protocol name is carried");
    insta::assert_snapshot!("echo", ir);
}
