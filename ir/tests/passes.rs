//! Every IR pass over the whole program corpus: each program is lowered (with the library),
//! and the passes run in the backend's order, then each alone, with the verifier after each.

use anerisc_diag::render::ColorChoice;
use anerisc_ir::load::{library_sources, load};
use anerisc_ir::passes::{run_verifying, BEFORE_CODEGEN};
use std::path::{Path, PathBuf};

/// The folders of the corpus, from the workspace root.
const CORPUS: &[&str] = &["tests/programs", "tests/ir", "bench/native", "tests/protocols/pass"];

/// The corpus must hold at least this many programs.
const MIN_PROGRAMS: usize = 120;

/// Every `.ml` file of the corpus folders.
fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files: Vec<PathBuf> = CORPUS
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap_or_else(|e| panic!("{dir}: {e}")))
        .map(|entry| entry.expect("a readable folder").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ml"))
        .collect();
    files.sort();
    files
}

/// What went wrong with one program, if anything.
fn check(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).expect("a readable program");
    let name = path.file_name().expect("a file name").into();
    let program = match load(name, text, &[], &library_sources(), ColorChoice::Plain) {
        Ok(loaded) => loaded.program,
        Err(e) => return Some(format!("does not lower: {e:?}")),
    };
    let alone = BEFORE_CODEGEN.iter().map(std::slice::from_ref);
    std::iter::once(BEFORE_CODEGEN).chain(alone).find_map(|passes| run_verifying(&program, passes, true).err()).map(|e| e.to_string())
}

#[test]
fn every_pass_keeps_every_corpus_program_well_formed() {
    let files = corpus();
    assert!(files.len() >= MIN_PROGRAMS, "only {} programs in the corpus", files.len());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(4);
    let chunks: Vec<&[PathBuf]> = files.chunks(files.len().div_ceil(threads)).collect();
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks.iter().map(|chunk| s.spawn(move || chunk.iter().filter_map(|p| check(p).map(|e| format!("{}: {e}", p.display()))).collect::<Vec<_>>())).collect();
        handles.into_iter().flat_map(|h| h.join().expect("a checking thread")).collect()
    });
    assert!(failures.is_empty(), "{} of {} programs fail:\n{}", failures.len(), files.len(), failures.join("\n"));
}
