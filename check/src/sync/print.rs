//! The text of process and synchronized programs (what `anerisc verify --show-sync` prints):
//! OCaml-like pseudo-code with variables qualified by their node and source lines as
//! comments.

use super::prog::{Expr, Invariant, NodeRef, Owner, Place, Stmt, SyncProgram, Var};
use anerisc_ir::ir::Key;
use anerisc_ir::prim::Prim;

/// The whole synchronized program: its nodes and sets, its statements, its `ensures`.
pub fn program_text(p: &SyncProgram) -> String {
    let mut out = String::new();
    for n in &p.nodes {
        out.push_str(&format!("node {} running {}\n", n.name, n.role));
    }
    for s in &p.sets {
        out.push_str(&format!("set {} of size {} running {}\n", s.name, expr_text(&s.size), s.role));
    }
    out.push_str(&block_text(&p.body, 0));
    for (e, at) in &p.ensures {
        out.push_str(&commented(format!("ensures {}", expr_text(e)), line(at)));
    }
    out
}

/// Statements, one a line (more for loops), indented by `depth` levels of two spaces.
pub fn block_text(body: &[Stmt], depth: usize) -> String {
    body.iter().map(|s| stmt_text(s, depth)).collect()
}

/// One statement and its line comment, indented by `depth` levels, ending in a newline.
pub fn stmt_text(s: &Stmt, depth: usize) -> String {
    let pad = "  ".repeat(depth);
    match s {
        Stmt::Assign { var, value, at: l } => commented(format!("{pad}{} := {}", var_text(var), expr_text(value)), line(l)),
        Stmt::Send { from, to, msg, at: l } => commented(format!("{pad}{} sends {} to {}", owner_text(from), expr_text(msg), expr_text(to)), line(l)),
        Stmt::Recv { node, msg, sender, at: l } => {
            commented(format!("{pad}{}, {} <- receive at {}", var_text(msg), var_text(sender), owner_text(node)), line(l))
        }
        Stmt::Deliver { msg, sender, send_at, recv_at } => {
            let text = format!("{pad}{}, {} <- {}, {}", var_text(&msg.0), var_text(&sender.0), expr_text(&msg.1), expr_text(&sender.1));
            let number = |at: &Option<Place>| at.map_or("?".to_string(), |at| at.line.to_string());
            let comment = (send_at.is_some() || recv_at.is_some()).then(|| format!("send line {} -> receive line {}", number(send_at), number(recv_at)));
            commented(text, comment)
        }
        Stmt::Assert { cond, what, at: l } => {
            let comment = match l {
                Some(at) => format!("{what}, line {}", at.line),
                None => what.clone(),
            };
            commented(format!("{pad}assert {}", expr_text(cond)), Some(comment))
        }
        Stmt::Each { index, set, body, invariant, at: l } => {
            let inv = invariant.as_ref().map(invariant_text).unwrap_or_default();
            let head = commented(format!("{pad}for {index} in {set}{inv} do"), line(l));
            format!("{head}{}{pad}done\n", block_text(body, depth + 1))
        }
        Stmt::All { index, set, body } => format!("{pad}all {index} in {set} do\n{}{pad}done\n", block_text(body, depth + 1)),
    }
}

/// The comment naming the line of `at`.
fn line(at: &Option<Place>) -> Option<String> {
    at.map(|at| format!("line {}", at.line))
}

fn invariant_text(inv: &Invariant) -> String {
    format!(" invariant ({} -> {})", inv.count, expr_text(&inv.cond))
}

/// `text`, then the comment when there is one, then a newline.
fn commented(text: String, comment: Option<String>) -> String {
    match comment {
        Some(c) => format!("{text}   (* {c} *)\n"),
        None => format!("{text}\n"),
    }
}

/// A variable qualified by its owner: `coord.x`, `parts[i].x`, or a bound name.
pub fn var_text(v: &Var) -> String {
    match &v.owner {
        Owner::Bound => v.name.clone(),
        owner => format!("{}.{}", owner_text(owner), v.name),
    }
}

/// A node as statements and diagnostics name it: `coord`, `parts[p]`.
pub fn owner_text(o: &Owner) -> String {
    match o {
        Owner::Node(n) => n.clone(),
        Owner::Member { set, index } => format!("{set}[{index}]"),
        Owner::Bound => "(bound)".into(),
    }
}

/// Precedence levels, loosest first: an operand looser than its place is parenthesised.
const OR: u8 = 1;
const AND: u8 = 2;
const CMP: u8 = 3;
const CONCAT: u8 = 4;
const ADD: u8 = 5;
const MUL: u8 = 6;
const APP: u8 = 7;
const ATOM: u8 = 8;

/// An expression.
pub fn expr_text(e: &Expr) -> String {
    at_least(e, 0)
}

/// `e`, parenthesised when it binds less tightly than `level`.
fn at_least(e: &Expr, level: u8) -> String {
    let (text, own) = text_and_level(e);
    if own < level {
        format!("({text})")
    } else {
        text
    }
}

/// The infix operator of a primitive, with its level.
fn infix(p: Prim) -> Option<(&'static str, u8)> {
    Some(match p {
        Prim::AddInt => ("+", ADD),
        Prim::SubInt => ("-", ADD),
        Prim::MulInt => ("*", MUL),
        Prim::DivInt => ("/", MUL),
        Prim::ModInt => ("mod", MUL),
        Prim::Eq => ("=", CMP),
        Prim::Ne => ("<>", CMP),
        Prim::Lt => ("<", CMP),
        Prim::Le => ("<=", CMP),
        Prim::Gt => (">", CMP),
        Prim::Ge => (">=", CMP),
        Prim::Concat => ("^", CONCAT),
        _ => return None,
    })
}

/// `a op b`, left-associative except comparisons, whose operands are parenthesised when they
/// are comparisons too (`(x = y) = z`).
fn binary(a: &Expr, op: &str, b: &Expr, level: u8) -> (String, u8) {
    let left = if level == CMP { level + 1 } else { level };
    (format!("{} {op} {}", at_least(a, left), at_least(b, level + 1)), level)
}

fn text_and_level(e: &Expr) -> (String, u8) {
    match e {
        Expr::Var(v) => (var_text(v), ATOM),
        Expr::Int(n) if *n < 0 => (n.to_string(), ADD),
        Expr::Int(n) => (n.to_string(), ATOM),
        Expr::Bool(b) => (b.to_string(), ATOM),
        Expr::Str(s) => (format!("{:?}", String::from_utf8_lossy(s)), ATOM),
        Expr::Char(c) => (format!("{:?}", char::from(*c)), ATOM),
        Expr::Unit => ("()".into(), ATOM),
        Expr::Ctor(n) => (format!("ctor {n}"), APP),
        Expr::Make(0, es) if es.len() >= 2 => (format!("({})", list(es)), ATOM),
        Expr::Make(t, es) => (format!("tag {t}({})", list(es)), APP),
        Expr::Field(b, i) => (format!("{}.{i}", at_least(b, ATOM)), ATOM),
        Expr::Prim(Prim::Not, args) if args.len() == 1 => (format!("not {}", at_least(&args[0], ATOM)), APP),
        Expr::Prim(p, args) => match (infix(*p), args.as_slice()) {
            (Some((op, level)), [a, b]) => binary(a, op, b, level),
            (_, []) => (p.name().to_string(), ATOM),
            _ => (format!("{}({})", p.name(), list(args)), APP),
        },
        Expr::Is(v, key) => (format!("{} is {}", at_least(v, CONCAT), key_text(key)), CMP),
        Expr::Ite(c, a, b) => match (&**a, &**b) {
            (_, Expr::Bool(false)) => binary(c, "&&", a, AND),
            (Expr::Bool(true), _) => binary(c, "||", b, OR),
            _ => (format!("(if {} then {} else {})", expr_text(c), expr_text(a), expr_text(b)), ATOM),
        },
        Expr::Arbitrary { what, .. } => (what.clone(), ATOM),
        Expr::Addr(NodeRef::Node(n)) => (n.clone(), ATOM),
        Expr::Addr(NodeRef::Member(set, i)) => (format!("{set}[{}]", expr_text(i)), ATOM),
        Expr::SetSize(s) => (format!("size {s}"), APP),
        Expr::Forall { index, set, upto, body } => (quantifier("forall", index, set, upto, body), ATOM),
        Expr::Exists { index, set, upto, body } => (quantifier("exists", index, set, upto, body), ATOM),
    }
}

fn quantifier(q: &str, index: &str, set: &str, upto: &Option<Box<Expr>>, body: &Expr) -> String {
    let bound = upto.as_ref().map(|u| format!(" < {}", at_least(u, ADD))).unwrap_or_default();
    format!("({q} {index}{bound} in {set}. {})", expr_text(body))
}

fn list(es: &[Expr]) -> String {
    es.iter().map(expr_text).collect::<Vec<_>>().join(", ")
}

fn key_text(k: &Key) -> String {
    match k {
        Key::Imm(n) => n.to_string(),
        Key::Tag(t) => format!("tag {t}"),
        Key::Str(s) => format!("{:?}", String::from_utf8_lossy(s)),
        Key::Float(x) => format!("{x:?}"),
        Key::Exn(e) => format!("exception {}", e.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::prog::{Invariant, Node, NodeSet, Sort};

    fn node(n: &str, x: &str) -> Expr {
        Expr::Var(Var { owner: Owner::Node(n.into()), name: x.into() })
    }

    fn member(set: &str, i: &str, x: &str) -> Var {
        Var { owner: Owner::Member { set: set.into(), index: i.into() }, name: x.into() }
    }

    #[test]
    fn operators_are_infix_with_the_fewest_parentheses() {
        let add = |a, b| Expr::Prim(Prim::AddInt, vec![a, b]);
        let sub = |a, b| Expr::Prim(Prim::SubInt, vec![a, b]);
        assert_eq!(expr_text(&sub(Expr::Int(1), add(Expr::Int(2), Expr::Int(3)))), "1 - (2 + 3)");
        assert_eq!(expr_text(&add(sub(Expr::Int(1), Expr::Int(2)), Expr::Int(3))), "1 - 2 + 3");
        assert_eq!(expr_text(&sub(Expr::Int(-1), Expr::Int(-2))), "-1 - (-2)");
        let and = Expr::Ite(Box::new(node("c", "a")), Box::new(node("c", "b")), Box::new(Expr::Bool(false)));
        let or = Expr::Ite(Box::new(and.clone()), Box::new(Expr::Bool(true)), Box::new(node("c", "d")));
        assert_eq!(expr_text(&or), "c.a && c.b || c.d");
        let eq = Expr::Prim(Prim::Eq, vec![node("c", "x"), or]);
        assert_eq!(expr_text(&eq), "c.x = (c.a && c.b || c.d)");
        let not = Expr::Prim(Prim::Not, vec![eq.clone()]);
        assert_eq!(expr_text(&not), "not (c.x = (c.a && c.b || c.d))");
        let eqs = Expr::Prim(Prim::Eq, vec![eq, Expr::Bool(true)]);
        assert_eq!(expr_text(&eqs), "(c.x = (c.a && c.b || c.d)) = true");
        let ite = Expr::Ite(Box::new(node("c", "a")), Box::new(Expr::Int(1)), Box::new(Expr::Int(-2)));
        assert_eq!(expr_text(&ite), "(if c.a then 1 else -2)");
        let len = Expr::Prim(Prim::StrLength, vec![Expr::Str(b"a\"b".to_vec())]);
        assert_eq!(expr_text(&len), "string_length(\"a\\\"b\")");
    }

    #[test]
    fn data_addresses_and_quantifiers() {
        let pair = Expr::Make(0, vec![Expr::Ctor(1), Expr::Make(2, vec![Expr::Char(b'x')])]);
        assert_eq!(expr_text(&pair), "(ctor 1, tag 2('x'))");
        assert_eq!(expr_text(&Expr::Field(Box::new(pair.clone()), 1)), "(ctor 1, tag 2('x')).1");
        let is = Expr::Is(Box::new(node("coord", "m")), Key::Tag(0));
        assert_eq!(expr_text(&is), "coord.m is tag 0");
        let q = Expr::Var(Var { owner: Owner::Bound, name: "q".into() });
        let vote = Expr::Var(member("parts", "q", "vote"));
        let count = Expr::Var(Var { owner: Owner::Bound, name: "count".into() });
        let all = Expr::Forall { index: "q".into(), set: "parts".into(), upto: Some(Box::new(count)), body: Box::new(vote) };
        assert_eq!(expr_text(&all), "(forall q < count in parts. parts[q].vote)");
        let addr = Expr::Addr(NodeRef::Member("parts".into(), Box::new(q)));
        assert_eq!(expr_text(&addr), "parts[q]");
    }

    #[test]
    fn process_statements() {
        let coord = Owner::Node("coord".into());
        let send = Stmt::Send { from: coord.clone(), to: Expr::Addr(NodeRef::Node("srv".into())), msg: Expr::Str(b"hi".to_vec()), at: Place::on_line(3) };
        assert_eq!(stmt_text(&send, 1), "  coord sends \"hi\" to srv   (* line 3 *)\n");
        let recv = Stmt::Recv { node: coord, msg: Var { owner: Owner::Node("coord".into()), name: "m".into() }, sender: Var { owner: Owner::Node("coord".into()), name: "from".into() }, at: None };
        assert_eq!(stmt_text(&recv, 0), "coord.m, coord.from <- receive at coord\n");
        let some = Expr::Exists { index: "q".into(), set: "parts".into(), upto: None, body: Box::new(Expr::Is(Box::new(Expr::Var(member("parts", "q", "name"))), Key::Str(b"x".to_vec()))) };
        assert_eq!(expr_text(&some), "(exists q in parts. parts[q].name is \"x\")");
    }

    #[test]
    fn a_program_with_loops_and_comments() {
        let p = SyncProgram {
            nodes: vec![Node { name: "coord".into(), role: "coordinator".into() }],
            sets: vec![NodeSet { name: "parts".into(), role: "participant".into(), size: Expr::Arbitrary { what: "n".into(), sort: Sort::Int } }],
            body: vec![
                Stmt::All {
                    index: "i".into(),
                    set: "parts".into(),
                    body: vec![Stmt::Assign { var: member("parts", "i", "vote"), value: Expr::Arbitrary { what: "rand".into(), sort: Sort::Bool }, at: Place::on_line(12) }],
                },
                Stmt::Each {
                    index: "p".into(),
                    set: "parts".into(),
                    invariant: Some(Invariant { count: "count".into(), cond: Expr::Bool(true), at: Place::on_line(19) }),
                    at: Place::on_line(20),
                    body: vec![Stmt::Deliver {
                        msg: (Var { owner: Owner::Node("coord".into()), name: "m".into() }, Expr::Make(1, vec![Expr::Var(member("parts", "p", "vote"))])),
                        sender: (
                            Var { owner: Owner::Node("coord".into()), name: "from".into() },
                            Expr::Addr(NodeRef::Member("parts".into(), Box::new(Expr::Var(Var { owner: Owner::Bound, name: "p".into() })))),
                        ),
                        send_at: Place::on_line(13),
                        recv_at: Place::on_line(21),
                    }],
                },
                Stmt::Assert { cond: Expr::Is(Box::new(node("coord", "m")), Key::Tag(1)), what: "failwith \"expected a vote\"".into(), at: Place::on_line(22) },
            ],
            ensures: vec![(node("coord", "done"), Place::on_line(40))],
            file: anerisc_diag::span::FileId(0),
        };
        let expected = "node coord running coordinator
set parts of size n running participant
all i in parts do
  parts[i].vote := rand   (* line 12 *)
done
for p in parts invariant (count -> true) do   (* line 20 *)
  coord.m, coord.from <- tag 1(parts[p].vote), parts[p]   (* send line 13 -> receive line 21 *)
done
assert coord.m is tag 1   (* failwith \"expected a vote\", line 22 *)
ensures coord.done   (* line 40 *)
";
        assert_eq!(program_text(&p), expected);
    }
}
