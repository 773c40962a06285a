//! The type checker on small programs: the printed signatures (checked by hand against
//! `ocamlc -i` 4.13), the codes of rejected programs, and modules that use earlier ones.

use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::Diagnostic;
use anerisc_frontend::parser::parse_implementation;
use anerisc_diag::span::FileId;
use anerisc_frontend::typing::{check_module, print_signature, Library, TypedModule};
use std::sync::OnceLock;

fn library() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| Library::load().expect("the library interfaces check"))
}

fn check_in(earlier: &[TypedModule], name: &str, src: &str) -> (Option<TypedModule>, Vec<Diagnostic>) {
    let ast = parse_implementation(FileId(0), src).expect("the test program parses");
    check_module(library(), earlier, name, &ast)
}

fn signature(src: &str) -> String {
    let (m, ds) = check_in(&[], "Test", src);
    let m = m.unwrap_or_else(|| panic!("rejected: {ds:?}"));
    print_signature(&m)
}

fn codes(src: &str) -> Vec<Code> {
    check_in(&[], "Test", src).1.iter().map(|d| d.code).collect()
}

#[test]
fn weak_variables_are_numbered_across_the_module() {
    let sig = signature("let cell = ref []\nlet opt = ref None\nlet pairs = List.map (fun x -> (x, x))\n");
    assert_eq!(
        sig,
        "val cell : '_weak1 list ref\nval opt : '_weak2 option ref\nval pairs : '_weak3 list -> ('_weak3 * '_weak3) list\n"
    );
}

#[test]
fn weak_variables_are_fixed_by_later_uses() {
    let sig = signature("let cell = ref []\nlet () = cell := [1]\n");
    assert_eq!(sig, "val cell : int list ref\n");
}

#[test]
fn annotation_names_are_kept_and_fresh_names_avoid_them() {
    assert_eq!(signature("let f (x : 'b) y = (y, x)\n"), "val f : 'b -> 'a -> 'a * 'b\n");
    assert_eq!(signature("let g (x : 'a) (y : 'a0) z = (x, y, z)\n"), "val g : 'a -> 'a0 -> 'b -> 'a * 'a0 * 'b\n");
}

#[test]
fn abbreviations_survive_unification_as_in_ocaml() {
    let src = "type port = int\ntype address = string * port\nlet make (h : string) (p : port) : address = (h, p)\n\
               let same a = String.equal a \"x\" && String.length a > 0\n";
    let sig = signature(src);
    assert!(sig.contains("val make : string -> port -> address\n"), "{sig}");
    assert!(sig.contains("val same : String.t -> bool\n"), "{sig}");
}

#[test]
fn long_declarations_break_like_format() {
    let src = "type big = { first_field_name : int; second_field_name : string; third_field_name : float list; fourth : bool }\n\
               let long_function_name_for_testing a b c d e = (a + 1, b ^ \"\", c +. 1.0, not d, e :: [])\n";
    assert_eq!(
        signature(src),
        "type big = {\n  first_field_name : int;\n  second_field_name : string;\n  third_field_name : float list;\n  fourth : bool;\n}\n\
         val long_function_name_for_testing :\n  int ->\n  string -> float -> bool -> 'a -> int * string * float * bool * 'a list\n"
    );
}

#[test]
fn rectypes_lists_type_check() {
    let src = "type 'a alist = ('a * 'a alist) option\nlet rec len (l : 'a alist) = match l with None -> 0 | Some (_, t) -> 1 + len t\n\
               let two = len (Some (1, Some (2, None)))\n";
    assert_eq!(signature(src), "type 'a alist = ('a * 'a alist) option\nval len : 'a alist -> int\nval two : int\n");
}

#[test]
fn rejected_programs_report_their_codes() {
    assert_eq!(codes("let f x = x x"), vec![Code::RecursiveType]);
    assert_eq!(codes("let s = \"a\" ^ 1"), vec![Code::TypeMismatch]);
    assert_eq!(codes("let () = Printf.printf \"%d\" \"x\""), vec![Code::BadFormat]);
    assert_eq!(codes("type t = A of int\nlet x = A"), vec![Code::ConstructorArity]);
    assert_eq!(codes("let f = function (x, 0) | (0, _) -> x | _ -> 0"), vec![Code::OrPatternVariables]);
    assert_eq!(codes("let x = print_int 1 2"), vec![Code::NotAFunction]);
}

#[test]
fn warnings_do_not_reject_the_module() {
    let (m, ds) = check_in(&[], "Test", "let f o = match o with Some x -> x\nlet g () = let unused = 1 in 2\n");
    assert!(m.is_some());
    let found: Vec<Code> = ds.iter().map(|d| d.code).collect();
    assert_eq!(found, vec![Code::NonExhaustiveMatch, Code::UnusedVariable]);
    assert!(ds[0].notes.iter().any(|n| n.ends_with(": None")), "{:?}", ds[0].notes);
}

#[test]
fn later_modules_see_earlier_ones_with_qualified_types() {
    let (a, ds) = check_in(&[], "Shapes", "type shape = Circle of float | Square of float\nlet unit_circle = Circle 1.0\n");
    let a = a.unwrap_or_else(|| panic!("{ds:?}"));
    let (b, ds) = check_in(std::slice::from_ref(&a), "Main", "let c = Shapes.unit_circle\nlet s = Shapes.Square 2.0\nopen Shapes\nlet d = Circle 3.0\n");
    let b = b.unwrap_or_else(|| panic!("{ds:?}"));
    assert_eq!(print_signature(&b), "val c : Shapes.shape\nval s : Shapes.shape\nval d : Shapes.shape\n");
}

/// Found by the mutation test: an or-pattern whose sides have different tuple sizes made the
/// exhaustiveness analysis index past a row. Ill-typed patterns are reported once and not
/// analysed further (no exhaustiveness warning built on them).
#[test]
fn ill_typed_patterns_are_not_analysed_for_exhaustiveness() {
    let program = "type s = A | B of int\n\
                   type e = Go | Ack of int | Stop\n\
                   let step st ev = match (st, ev) with\n\
                   | (A, Go, B 0) | (B _, Ack _) -> (A, 0)\n\
                   | (B n, Stop) -> (A, n)\n\
                   | (s, _) -> (s, 0)\n\
                   let g = function (A, 1, 2) | (B _, 3) -> 0\n\
                   let (A, 1, 2) | (B _, 3) = (A, 1, 2)\n";
    assert_eq!(codes(program), vec![Code::TypeMismatch, Code::TypeMismatch, Code::TypeMismatch]);
}
