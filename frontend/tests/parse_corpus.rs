//! The examples, the typing corpus and every library interface parse.

use anerisc_frontend::parser::{parse_implementation, parse_interface};
use anerisc_diag::span::FileId;
use std::path::{Path, PathBuf};

fn ml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ml"))
        .collect();
    files.sort();
    files
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn examples_and_typing_corpus_parse() {
    for (dir, at_least) in [("tests/typing", 25), ("examples", 5)] {
        let files = ml_files(&root().join(dir));
        assert!(files.len() >= at_least, "only {} files in {dir}", files.len());
        for file in files {
            let text = std::fs::read_to_string(&file).expect("readable");
            if let Err(errors) = parse_implementation(FileId(0), &text) {
                panic!("{}: {errors:#?}", file.display());
            }
        }
    }
}

#[test]
fn library_interfaces_parse() {
    for module in anerisc_stdlib::MODULES {
        if let Err(errors) = parse_interface(FileId(0), module.interface) {
            panic!("{}: {errors:#?}", module.name);
        }
    }
}
