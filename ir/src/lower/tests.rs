//! The spans the lowering gives instructions and functions.

use crate::ir::{ChanOp, Function, Inst, InstKind, Program};
use crate::load::{library_sources, lower_checked};
use crate::prim::Prim;
use anerisc_frontend::check::{check_program_with, load_library};

/// `text` (the file `t.ml`) lowered with the library modules it needs.
fn lowered(text: &str) -> Program {
    let library = load_library().expect("the library loads");
    let checked = check_program_with(&library, vec![("t.ml".into(), text.into())], &[]);
    assert!(!anerisc_diag::diagnostic::has_errors(&checked.diagnostics), "{:?}", checked.diagnostics);
    lower_checked(&checked, &library, &library_sources()).expect("lowers").program
}

fn function<'p>(p: &'p Program, name: &str) -> &'p Function {
    p.functions.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("no function {name}"))
}

fn insts(f: &Function) -> impl Iterator<Item = &Inst> {
    f.blocks.iter().flat_map(|b| &b.insts)
}

/// The source text an instruction or function span covers.
fn covered(text: &str, span: Option<anerisc_diag::span::Span>) -> &str {
    &text[span.expect("a span").range()]
}

const ECHO: &str = "open Ast\nopen Serialization_code\nopen Client_server_code\n\nlet talk c (x : int) =\n  send c (x + 1);\n  let y : int = recv c in\n  assert (y > x)\n";

#[test]
fn a_channel_operation_spans_its_whole_application() {
    let p = lowered(ECHO);
    let talk = function(&p, "T.talk");
    let send = insts(talk).find(|i| matches!(i.kind, InstKind::Chan { op: ChanOp::Send, .. })).expect("a send");
    assert_eq!(covered(ECHO, send.line), "send c (x + 1)");
    let recv = insts(talk).find(|i| matches!(i.kind, InstKind::Chan { op: ChanOp::Recv, .. })).expect("a recv");
    assert_eq!(covered(ECHO, recv.line), "recv c");
    assert_eq!(p.line(send.line.expect("a span")), 6);
}

#[test]
fn an_assert_failure_spans_the_assert_and_a_function_its_name() {
    let p = lowered(ECHO);
    let talk = function(&p, "T.talk");
    let failure = insts(talk).find(|i| matches!(i.kind, InstKind::Prim(Prim::AssertFailure, _))).expect("the assert's failure");
    assert_eq!(covered(ECHO, failure.line), "assert (y > x)");
    assert_eq!(covered(ECHO, talk.line), "talk");
}

#[test]
fn a_local_function_spans_its_name_and_an_anonymous_one_its_expression() {
    let text = "let f xs =\n  let double x = 2 * x in\n  List.map (fun y -> double y + 1) xs\n";
    let p = lowered(text);
    let spans: Vec<&str> = p.functions.iter().filter(|f| f.name.starts_with("T.f.")).map(|f| covered(text, f.line)).collect();
    assert_eq!(spans, ["double", "(fun y -> double y + 1)"]);
}

#[test]
fn an_application_spans_its_head_and_arguments_without_the_attributes_after_it() {
    let text = "let f xs =\n  List.iter print_int xs\n  [@invariant fun seen -> true]\n";
    let p = lowered(text);
    let call = insts(function(&p, "T.f")).find(|i| i.line.is_some_and(|s| text[s.range()].starts_with("List.iter"))).expect("the call");
    assert_eq!(covered(text, call.line), "List.iter print_int xs");
}

#[test]
fn library_files_are_numbered_after_the_users_and_give_their_own_lines() {
    let p = lowered("let () = List.iter print_int [1; 2]\n");
    let user = p.files.iter().find(|f| f.name == "t.ml").expect("the user's file");
    assert_eq!(user.file, anerisc_diag::span::FileId(0));
    assert!(p.files.iter().filter(|f| f.name != "t.ml").all(|f| f.file.0 > user.file.0), "{:?}", p.files.iter().map(|f| (&f.name, f.file)).collect::<Vec<_>>());
    let iter = function(&p, "List.iter");
    let span = iter.line.expect("the library function has a span");
    assert_ne!(span.file, user.file);
    assert!(p.line(span) > 0);
}
