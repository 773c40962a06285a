//! Precedence and associativity, checked by printing the AST as fully parenthesised text.

use super::*;
use crate::ast::{Constant, Expr, ExprKind, ItemKind, Pattern, PatternKind};

/// A parenthesised rendering of `e` that shows how it was grouped.
fn show(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Var(p) => p.modules.iter().map(|m| format!("{}.", m.name)).collect::<String>() + &p.name.name,
        ExprKind::Const(Constant::Int(n)) => n.to_string(),
        ExprKind::Const(Constant::String(s)) => format!("{:?}", String::from_utf8_lossy(s)),
        ExprKind::Const(c) => format!("{c:?}"),
        ExprKind::Construct(p, None) => p.name.name.clone(),
        ExprKind::Construct(p, Some(arg)) => format!("{}{}", p.name.name, show(arg)),
        ExprKind::Tuple(items) => format!("({})", items.iter().map(show).collect::<Vec<_>>().join(", ")),
        ExprKind::Apply(f, args) => format!("({} {})", show(f), args.iter().map(show).collect::<Vec<_>>().join(" ")),
        ExprKind::Fun(ps, b) => format!("(fun {} -> {})", ps.iter().map(pat).collect::<Vec<_>>().join(" "), show(b)),
        ExprKind::Function(cases) | ExprKind::Match(_, cases) | ExprKind::Try(_, cases) => {
            let head = match &e.kind {
                ExprKind::Match(s, _) => format!("match {}", show(s)),
                ExprKind::Try(s, _) => format!("try {}", show(s)),
                _ => "function".into(),
            };
            let arms: Vec<String> = cases.iter().map(|c| format!("{} -> {}", pat(&c.pat), show(&c.body))).collect();
            format!("({head} | {})", arms.join(" | "))
        }
        ExprKind::Let(_, bs, body) => format!("(let {} = {} in {})", pat(&bs[0].pat), show(&bs[0].expr), show(body)),
        ExprKind::LetOpen(m, body) => format!("({}.open {})", m.name.name, show(body)),
        ExprKind::If(c, t, f) => match f {
            Some(f) => format!("(if {} then {} else {})", show(c), show(t), show(f)),
            None => format!("(if {} then {})", show(c), show(t)),
        },
        ExprKind::Sequence(a, b) => format!("({}; {})", show(a), show(b)),
        ExprKind::While(c, b) => format!("(while {} do {})", show(c), show(b)),
        ExprKind::For(i, a, _, b, body) => format!("(for {} = {} to {} do {})", i.name, show(a), show(b), show(body)),
        ExprKind::Record(fields, base) => format!(
            "{{{}{}}}",
            base.as_ref().map(|b| format!("{} with ", show(b))).unwrap_or_default(),
            fields.iter().map(|(f, v)| format!("{} = {}", f.name.name, show(v))).collect::<Vec<_>>().join("; ")
        ),
        ExprKind::Field(r, f) => format!("{}.{}", show(r), f.name.name),
        ExprKind::ArrayGet(a, i) => format!("{}.({})", show(a), show(i)),
        ExprKind::Constraint(e, _) => format!("({} : _)", show(e)),
        ExprKind::Assert(e) => format!("(assert {})", show(e)),
    }
}

/// A rendering of a pattern.
fn pat(p: &Pattern) -> String {
    match &p.kind {
        PatternKind::Any => "_".into(),
        PatternKind::Var(v) => v.name.clone(),
        PatternKind::Const(c) => format!("{c:?}"),
        PatternKind::Tuple(ps) => format!("({})", ps.iter().map(pat).collect::<Vec<_>>().join(", ")),
        PatternKind::Construct(c, None) => c.name.name.clone(),
        PatternKind::Construct(c, Some(arg)) => format!("{}{}", c.name.name, pat(arg)),
        PatternKind::Record(fs, open) => format!("{{{}{}}}", fs.iter().map(|(f, p)| format!("{}={}", f.name.name, pat(p))).collect::<Vec<_>>().join(";"), if *open { ";_" } else { "" }),
        PatternKind::Alias(p, x) => format!("({} as {})", pat(p), x.name),
        PatternKind::Or(a, b) => format!("({} | {})", pat(a), pat(b)),
        PatternKind::Constraint(p, _) => format!("({} : _)", pat(p)),
    }
}

fn parsed(src: &str) -> String {
    match parse_expression(FileId(0), src, 0) {
        Ok(e) => show(&e),
        Err(d) => panic!("{src}: {d:?}"),
    }
}

fn first_error(src: &str) -> Diagnostic {
    parse_implementation(FileId(0), src).expect_err("must not parse").remove(0)
}

#[test]
fn arithmetic_precedence_and_associativity() {
    assert_eq!(parsed("1 + 2 * 3 - 4"), "((+ 1 (* 2 3)) 4)".replace("((+", "(- (+").replace(") 4)", ") 4)"));
    assert_eq!(parsed("a - b - c"), "(- (- a b) c)");
    assert_eq!(parsed("a ** b ** c"), "(** a (** b c))");
    assert_eq!(parsed("a ^ b ^ c"), "(^ a (^ b c))");
    assert_eq!(parsed("a = b && c < d || e"), "(|| (&& (= a b) (< c d)) e)");
    assert_eq!(parsed("x mod 2 = 0"), "(= (mod x 2) 0)");
}

#[test]
fn unary_minus() {
    assert_eq!(parsed("-1"), "-1");
    assert_eq!(parsed("- x * y"), "(* (~- x) y)");
    assert_eq!(parsed("f x - 1"), "(- (f x) 1)");
    assert_eq!(parsed("f (-1)"), "(f -1)");
    assert_eq!(parsed("- f x"), "(~- (f x))");
    assert_eq!(parsed("-4611686018427387904"), "-4611686018427387904");
}

#[test]
fn cons_append_and_pipes() {
    assert_eq!(parsed("1 :: 2 :: l"), "::(1, ::(2, l))");
    assert_eq!(parsed("[1; 2]"), "::(1, ::(2, []))");
    assert_eq!(parsed("a @ b @ c"), "(@ a (@ b c))");
    assert_eq!(parsed("x |> f |> g"), "(|> (|> x f) g)");
    assert_eq!(parsed("f @@ g @@ x"), "(@@ f (@@ g x))");
    assert_eq!(parsed("print_endline @@ \"a\" ^ b"), "(@@ print_endline (^ \"a\" b))");
    assert_eq!(parsed("x :: xs @ ys"), "(@ ::(x, xs) ys)".replace("(@ ::(x, xs) ys)", "(@ ::(x, xs) ys)"));
}

#[test]
fn sequence_if_and_let() {
    assert_eq!(parsed("if c then a; b"), "((if c then a); b)");
    assert_eq!(parsed("if c then a else b; d"), "((if c then a else b); d)");
    assert_eq!(parsed("if c then (a; b) else d"), "(if c then (a; b) else d)");
    assert_eq!(parsed("let x = 1 in a; b"), "(let x = 1 in (a; b))");
    assert_eq!(parsed("a; let x = 1 in b; c"), "(a; (let x = 1 in (b; c)))");
    assert_eq!(parsed("if a then if b then c else d"), "(if a then (if b then c else d))");
    assert_eq!(parsed("x := 1; y"), "((:= x 1); y)");
    assert_eq!(parsed("if c then x := 1 else y := 2"), "(if c then (:= x 1) else (:= y 2))");
    assert_eq!(parsed("a; b;"), "(a; b)");
}

#[test]
fn match_and_fun_extend_right() {
    assert_eq!(
        parsed("match x with A -> match y with B -> 1 | C -> 2"),
        "(match x | A -> (match y | B -> 1 | C -> 2))"
    );
    assert_eq!(parsed("match x with A -> (match y with B -> 1) | C -> 2"), "(match x | A -> (match y | B -> 1) | C -> 2)");
    assert_eq!(parsed("fun x -> x + 1, 2"), "(fun x -> ((+ x 1), 2))");
    assert_eq!(parsed("f (fun x -> x; y) z"), "(f (fun x -> (x; y)) z)");
    assert_eq!(parsed("1 + match x with _ -> 2"), "(+ 1 (match x | _ -> 2))");
    assert_eq!(parsed("match l with [] -> 0 | x :: _ when x > 0 -> x | _ -> -1"), "(match l | [] -> 0 | ::(x, _) -> x | _ -> -1)");
}

#[test]
fn application_constructors_and_postfix() {
    assert_eq!(parsed("f x y"), "(f x y)");
    assert_eq!(parsed("Some (f x)"), "Some(f x)");
    assert_eq!(parsed("InjL (1, 2)"), "InjL(1, 2)");
    assert_eq!(parsed("!r.x + 1"), "(+ (! r.x) 1)");
    assert_eq!(parsed("Sys.argv.(1)"), "Sys.argv.(1)");
    assert_eq!(parsed("List.map f l"), "(List.map f l)");
    assert_eq!(parsed("{ r with a = 1; b }"), "{r with a = 1; b = b}");
    assert_eq!(parsed("String.(length s)"), "(String.open (length s))");
    assert_eq!(parsed("( + ) 1"), "(+ 1)");
    assert_eq!(parsed("x >>= f >>= g"), "(>>= (>>= x f) g)");
    assert_eq!(parsed("assert (x > 0)"), "(assert (> x 0))");
}

#[test]
fn attributes_attach_to_the_application() {
    let e = parse_expression(FileId(0), "make_server_skt a b srv [@protocol echo]", 0).expect("parses");
    assert_eq!(show(&e), "(make_server_skt a b srv)");
    assert_eq!(e.attrs.len(), 1);
    assert_eq!(e.attrs[0].name.name, "protocol");
}

#[test]
fn items_and_declarations() {
    let m = parse_implementation(
        FileId(0),
        "[@@@protocol {| p = end |}]\ntype ('a, 'b) sumTy = InjL of 'a | InjR of 'b\ntype r = { a : int; b : string list }\ntype t = M.u\nexception E of int * string\nopen Ast\nlet rec f x = g x and g y = f y\nlet () = print_string \"hi\"; exit 0\n",
    )
    .expect("parses");
    let kinds: Vec<&str> = m
        .items
        .iter()
        .map(|i| match &i.kind {
            ItemKind::Attribute(_) => "attr",
            ItemKind::Type(_) => "type",
            ItemKind::Exception(_) => "exception",
            ItemKind::Open(_) => "open",
            ItemKind::Let(..) => "let",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["attr", "type", "type", "type", "exception", "open", "let", "let"]);
}

#[test]
fn errors_say_what_was_expected() {
    let d = first_error("let x = in 3");
    assert_eq!(d.code.as_str(), "E0101");
    assert!(d.message.contains("`in`"), "{}", d.message);
    let d = first_error("let f x = (x + 1");
    assert_eq!(d.code.as_str(), "E0102");
    assert_eq!(d.primary.as_ref().map(|p| p.span.range()), Some(10..11));
    let d = first_error("let f ~x = x");
    assert_eq!(d.code.as_str(), "E0103");
    assert!(d.message.contains("labelled arguments"));
    let d = first_error("let x = 4611686018427387905");
    assert_eq!(d.code.as_str(), "E0004");
}
