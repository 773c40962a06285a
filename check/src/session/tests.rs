//! The session checker's diagnostics point at the instructions' own spans.

use super::{check, Options};
use crate::smt::Prover;
use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::Diagnostic;
use anerisc_frontend::check::{check_program_with, load_library};
use anerisc_ir::load::{library_sources, lower_checked};

/// The session checker's diagnostics for the program `text` (one file).
fn diagnostics(text: &str) -> Vec<Diagnostic> {
    let library = load_library().expect("the library loads");
    let checked = check_program_with(&library, vec![("t.ml".into(), text.into())], &[]);
    assert!(!anerisc_diag::diagnostic::has_errors(&checked.diagnostics), "{:?}", checked.diagnostics);
    let loaded = lower_checked(&checked, &library, &library_sources()).expect("lowers");
    check(&checked, &loaded.program, &loaded.user_modules, Options::default(), Prover::default()).diagnostics
}

const ONCE: &str = "open Ast\nopen Serialization_code\nopen Client_server_code\n\n[@@@protocol {| once = !(x : int). end |}]\nlet () =\n  let s = make_client_skt int_serializer int_serializer (makeAddress \"127.0.0.1\" 9000) [@protocol once] in\n  let c = connect s (makeAddress \"127.0.0.1\" 9000) in\n";

#[test]
fn of_two_sends_on_one_line_the_second_is_the_one_reported() {
    let text = format!("{ONCE}  send c 1; send c 2\n");
    let found = diagnostics(&text);
    let d = found.iter().find(|d| d.code == Code::SessionWrongDirection).expect("a send after `end`");
    assert_eq!(&text[d.primary.as_ref().expect("a primary span").span.range()], "send c 2");
}

#[test]
fn an_unproven_assert_is_reported_at_the_assert() {
    let text = format!("{ONCE}  send c 1;\n  let n = int_of_string \"3\" in\n  assert (n > 2)\n");
    let found = diagnostics(&text);
    let d = found.iter().find(|d| d.code == Code::AssertUnproven).expect("the assert is not proven");
    assert_eq!(&text[d.primary.as_ref().expect("a primary span").span.range()], "assert (n > 2)");
}
