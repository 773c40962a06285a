//! No input makes the frontend panic: random bytes and mutated real programs go through the
//! whole of `anerisc check` (lexer, parser, loader, type checker, protocol validation) and
//! diagnostic rendering. 100,000 cases in all.
//!
//! The cases come from a fixed seed, so a run is reproducible and CI cannot fail by chance;
//! set `PROPTEST_RNG_SEED` to another number to explore other inputs.

use anerisc_frontend::check::{check_program_with, load_library};
use anerisc_diag::render::{render_all, ColorChoice};
use anerisc_frontend::typing::Library;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The library, loaded once for all cases.
fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| load_library().expect("the library interfaces check"))
}

/// Real programs to mutate: the typing corpus, the diagnostics inputs and the examples.
fn seeds() -> &'static [String] {
    static SEEDS: OnceLock<Vec<String>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let dirs = [root.join("tests/typing"), root.join("tests/diagnostics"), root.join("examples")];
        let mut seeds = Vec::new();
        for dir in &dirs {
            let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .map(|e| e.expect("entry").path())
                .filter(|p| p.extension().is_some_and(|x| x == "ml"))
                .collect();
            files.sort();
            seeds.extend(files.iter().map(|f| std::fs::read_to_string(f).expect("readable file")));
        }
        assert!(seeds.len() >= 30, "too few seed programs");
        seeds
    })
}

/// Runs the whole check on `text` and renders what it reports; panics are the only failure.
fn check_text(text: String) {
    // A file name no user module can collide with, in a folder with no other `.ml` files.
    let path = std::env::temp_dir().join("anerisc-no-panic").join("fuzzed_input.ml");
    let program = check_program_with(library(), vec![(path, text)], &[]);
    // Rendering is per diagnostic; the first few exercise it without dominating the run time.
    let shown = program.diagnostics.len().min(3);
    let _ = render_all(&program.diagnostics[..shown], &program.sources, ColorChoice::Plain);
}

/// The seed of the cases: `PROPTEST_RNG_SEED` when set, a fixed one otherwise.
fn rng_seed() -> RngSeed {
    std::env::var("PROPTEST_RNG_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(RngSeed::Fixed(0x616e_6572_6973))
}

/// Snippets that exercise the grammar when spliced into a program.
const SNIPPETS: &[&str] = &[
    "(", ")", "[", "]", "{", "}", "begin", "end", "let", "in", "=", "match", "with", "|", "->", "fun",
    "function", "if", "then", "else", ";", ";;", ",", "::", "@@", "-", "-1", "x", "Some", "None", "'a",
    "\"s\"", "{|q|}", "(*", "*)", "[@protocol echo]", "[@@@protocol {| p = end |}]", "type t = A | B of int",
    "exception E", "open Ast", "assert", "raise Not_found", "Printf.printf \"%d %s\"", "4611686018427387904",
    "'\\n'", "x.y", "a.(0)", "!r", "r := 1", "while true do () done", "for i = 0 to 1 do () done", "_", "as",
    "when", ":", "int list", "->", "<-", "~x", "?y", "`A", "module", "...", "\u{e9}", "\0",
];

/// One edit of a program: where (as a fraction of its length), what, and how much.
#[derive(Debug, Clone)]
enum Edit {
    Delete { at: u16, len: u8 },
    Insert { at: u16, snippet: usize },
    Duplicate { at: u16, len: u8 },
    Byte { at: u16, byte: u8 },
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<u16>(), any::<u8>()).prop_map(|(at, len)| Edit::Delete { at, len }),
        (any::<u16>(), 0..SNIPPETS.len()).prop_map(|(at, snippet)| Edit::Insert { at, snippet }),
        (any::<u16>(), any::<u8>()).prop_map(|(at, len)| Edit::Duplicate { at, len }),
        (any::<u16>(), any::<u8>()).prop_map(|(at, byte)| Edit::Byte { at, byte }),
    ]
}

/// Applies `edits` to `text`, working on bytes and reading the result back lossily.
fn mutate(text: &str, edits: &[Edit]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for edit in edits {
        let place = |at: u16, len: usize| at as usize * len / (u16::MAX as usize + 1);
        match *edit {
            Edit::Delete { at, len } => {
                let start = place(at, bytes.len());
                let end = (start + len as usize).min(bytes.len());
                bytes.drain(start..end);
            }
            Edit::Insert { at, snippet } => {
                let start = place(at, bytes.len() + 1);
                bytes.splice(start..start, SNIPPETS[snippet].bytes());
            }
            Edit::Duplicate { at, len } => {
                let start = place(at, bytes.len());
                let end = (start + len as usize).min(bytes.len());
                let copy = bytes[start..end].to_vec();
                bytes.splice(start..start, copy);
            }
            Edit::Byte { at, byte } => {
                if !bytes.is_empty() {
                    let i = place(at, bytes.len());
                    bytes[i] = byte;
                }
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40_000, failure_persistence: None, rng_seed: rng_seed(), ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check_text(String::from_utf8_lossy(&bytes).into_owned());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60_000, failure_persistence: None, rng_seed: rng_seed(), ..ProptestConfig::default() })]

    #[test]
    fn mutated_programs_never_panic(seed in any::<prop::sample::Index>(), edits in proptest::collection::vec(edit_strategy(), 1..5)) {
        let seeds = seeds();
        check_text(mutate(&seeds[seed.index(seeds.len())], &edits));
    }
}

/// Found by the mutation test: failed unifications leave cyclic types behind, which the
/// signature and message printers must not follow forever.
#[test]
fn cyclic_types_left_by_errors_do_not_overflow() {
    check_text("let wrap x = x :: x\net wrap x = x :: x\nx :: x\n".to_string());
    check_text("let rec grow l = grow [l]\nlet wrap x = x :: x\net wrap x = x :: x\nx :: x\n".to_string());
}
