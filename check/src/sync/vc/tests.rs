//! Verification conditions of small synchronized programs built by hand.

use super::*;
use anerisc_ir::ir::Key;
use anerisc_ir::prim::Prim;
use crate::sync::prog::{Node, NodeRef, NodeSet};

fn node(n: &str, x: &str) -> Var {
    Var { owner: Owner::Node(n.into()), name: x.into() }
}

fn member(set: &str, i: &str, x: &str) -> Var {
    Var { owner: Owner::Member { set: set.into(), index: i.into() }, name: x.into() }
}

fn bound(x: &str) -> Expr {
    Expr::Var(Var { owner: Owner::Bound, name: x.into() })
}

fn v(var: Var) -> Expr {
    Expr::Var(var)
}

fn prim(p: Prim, args: Vec<Expr>) -> Expr {
    Expr::Prim(p, args)
}

fn ite(c: Expr, a: Expr, b: Expr) -> Expr {
    Expr::Ite(Box::new(c), Box::new(a), Box::new(b))
}

fn assign(var: Var, value: Expr, at: u32) -> Stmt {
    Stmt::Assign { var, value, at: Place::on_line(at) }
}

fn forall(index: &str, upto: Option<Expr>, body: Expr) -> Expr {
    Expr::Forall { index: index.into(), set: "parts".into(), upto: upto.map(Box::new), body: Box::new(body) }
}

fn exists(index: &str, body: Expr) -> Expr {
    Expr::Exists { index: index.into(), set: "parts".into(), upto: None, body: Box::new(body) }
}

fn all(index: &str, body: Vec<Stmt>) -> Stmt {
    Stmt::All { index: index.into(), set: "parts".into(), body }
}

fn each(index: &str, invariant: Option<Expr>, body: Vec<Stmt>, at: u32) -> Stmt {
    let invariant = invariant.map(|cond| Invariant { count: "count".into(), cond, at: Place::on_line(at) });
    Stmt::Each { index: index.into(), set: "parts".into(), body, invariant, at: Place::on_line(at) }
}

fn deliver(to: (Var, Var), msg: Expr, from: Expr, send_at: u32, recv_at: u32) -> Stmt {
    Stmt::Deliver { msg: (to.0, msg), sender: (to.1, from), send_at: Place::on_line(send_at), recv_at: Place::on_line(recv_at) }
}

fn arbitrary(sort: Sort) -> Expr {
    Expr::Arbitrary { what: "rand".into(), sort }
}

/// A coordinator `coord` and a set `parts` of arbitrary size.
fn system(body: Vec<Stmt>, ensures: Vec<Expr>) -> SyncProgram {
    SyncProgram {
        nodes: vec![Node { name: "coord".into(), role: "coordinator".into() }],
        sets: vec![NodeSet { name: "parts".into(), role: "participant".into(), size: arbitrary(Sort::Int) }],
        body,
        ensures: ensures.into_iter().enumerate().map(|(k, e)| (e, Place::on_line(40 + k as u32))).collect(),
        file: anerisc_diag::span::FileId(0),
    }
}

fn run(p: &SyncProgram) -> Vec<Obligation> {
    verify(p, &mut Prover::default()).expect("conditions generated")
}

fn verdicts(obligations: &[Obligation]) -> Vec<(&str, bool)> {
    obligations.iter().map(|o| (o.what.as_str(), o.verdict.is_proven())).collect()
}

fn counterexample<'o>(obligations: &'o [Obligation], what: &str) -> &'o [(String, String)] {
    match obligations.iter().find(|o| o.what == what).map(|o| &o.verdict) {
        Some(Verdict::Refuted(values)) => values,
        other => panic!("expected `{what}` refuted, got {other:?}"),
    }
}

fn value<'o>(values: &'o [(String, String)], name: &str) -> Option<&'o str> {
    values.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// Two-phase commit: each participant votes, the coordinator gathers the votes with
/// `combine`, decides, and sends the decision to every participant.
fn two_phase_commit(combine: fn(Expr, Expr) -> Expr) -> SyncProgram {
    let vote = |i: &str| v(member("parts", i, "vote"));
    let all_yes = || v(node("coord", "all_yes"));
    let invariant = prim(Prim::Eq, vec![all_yes(), forall("q", Some(bound("count")), vote("q"))]);
    let received = || v(node("coord", "m"));
    let commit = prim(Prim::Eq, vec![v(member("parts", "p", "decision")), Expr::Ctor(0)]);
    let members = Expr::Addr(NodeRef::Member("parts".into(), Box::new(bound("p"))));
    system(
        vec![
            all("i", vec![assign(member("parts", "i", "vote"), arbitrary(Sort::Bool), 12)]),
            assign(node("coord", "all_yes"), Expr::Bool(true), 18),
            each(
                "p",
                Some(invariant),
                vec![
                    deliver((node("coord", "m"), node("coord", "from")), Expr::Make(0, vec![vote("p")]), members, 13, 20),
                    Stmt::Assert { cond: Expr::Is(Box::new(received()), Key::Tag(0)), what: "failwith \"expected a vote\"".into(), at: Place::on_line(21) },
                    assign(node("coord", "all_yes"), combine(all_yes(), Expr::Field(Box::new(received()), 0)), 22),
                ],
                19,
            ),
            assign(node("coord", "decision"), ite(all_yes(), Expr::Ctor(0), Expr::Ctor(1)), 24),
            each(
                "p",
                None,
                vec![deliver((member("parts", "p", "d"), member("parts", "p", "from")), v(node("coord", "decision")), Expr::Addr(NodeRef::Node("coord".into())), 25, 14)],
                25,
            ),
            all("i", vec![assign(member("parts", "i", "decision"), v(member("parts", "i", "d")), 15)]),
        ],
        vec![forall("p", None, prim(Prim::Eq, vec![commit, forall("q", None, vote("q"))]))],
    )
}

fn and(a: Expr, b: Expr) -> Expr {
    ite(a, b, Expr::Bool(false))
}

fn or(a: Expr, b: Expr) -> Expr {
    ite(a, Expr::Bool(true), b)
}

#[test]
fn two_phase_commit_is_proven() {
    let obligations = run(&two_phase_commit(and));
    assert_eq!(
        verdicts(&obligations),
        vec![
            ("invariant of the loop at line 19 holds before it", true),
            ("failwith \"expected a vote\" not reached", true),
            ("invariant of the loop at line 19 is preserved", true),
            ("ensures (line 40)", true),
        ]
    );
    assert_eq!(obligations[1].at.map(|at| at.line), Some(21));
}

#[test]
fn two_phase_commit_deciding_with_or_is_refuted_with_the_votes() {
    let obligations = run(&two_phase_commit(or));
    let preserved = "invariant of the loop at line 19 is preserved";
    assert_eq!(verdicts(&obligations)[2], (preserved, false));
    let values = counterexample(&obligations, preserved);
    // The counterexample is a state where the invariant holds before an iteration: some
    // vote is false, so `all_yes` is false, and the `||` makes it true.
    let size: i64 = value(values, "size parts").and_then(|s| s.parse().ok()).expect("the size is shown");
    let count: i64 = value(values, "count").and_then(|s| s.parse().ok()).expect("the count is shown");
    assert!(0 <= count && count < size, "{values:?}");
    assert!(value(values, "coord.all_yes").is_some(), "{values:?}");
    assert!(value(values, "parts[0].vote").is_some(), "{values:?}");
    assert!(values.iter().all(|(n, _)| !n.starts_with(&format!("parts[{size}]"))), "members past the size are hidden: {values:?}");
}

#[test]
fn a_wrong_decision_rule_refutes_the_ensures() {
    let mut p = two_phase_commit(and);
    let Stmt::Assign { value: decision, .. } = &mut p.body[3] else { panic!("the decision") };
    *decision = ite(v(node("coord", "all_yes")), Expr::Ctor(1), Expr::Ctor(0));
    let obligations = run(&p);
    let values = counterexample(&obligations, "ensures (line 40)");
    // The counterexample shows what the ensures reads: decisions and votes.
    assert_eq!(value(values, "parts[0].decision").map(|d| d.starts_with("ctor ")), Some(true), "{values:?}");
    assert!(value(values, "parts[0].vote").is_some(), "{values:?}");
    assert!(value(values, "coord.decision").is_none(), "{values:?}");
}

#[test]
fn an_invariant_that_is_not_preserved() {
    let n = || v(node("coord", "n"));
    let p = system(
        vec![
            assign(node("coord", "n"), Expr::Int(0), 3),
            each("p", Some(prim(Prim::Eq, vec![n(), bound("count")])), vec![assign(node("coord", "n"), prim(Prim::AddInt, vec![n(), Expr::Int(2)]), 5)], 4),
        ],
        vec![prim(Prim::Ge, vec![n(), Expr::Int(0)])],
    );
    let obligations = run(&p);
    assert_eq!(
        verdicts(&obligations),
        vec![
            ("invariant of the loop at line 4 holds before it", true),
            ("invariant of the loop at line 4 is preserved", false),
            ("ensures (line 40)", true),
        ]
    );
    let values = counterexample(&obligations, "invariant of the loop at line 4 is preserved");
    assert_eq!(value(values, "coord.n"), value(values, "count"), "{values:?}");
}

#[test]
fn a_send_loop_without_invariant_updates_every_member() {
    let x = |i: &str| v(member("parts", i, "x"));
    let five = |i: &str| prim(Prim::Eq, vec![x(i), Expr::Int(5)]);
    let p = system(
        vec![
            assign(node("coord", "v"), Expr::Int(5), 2),
            each(
                "p",
                None,
                vec![deliver((member("parts", "p", "x"), member("parts", "p", "from")), v(node("coord", "v")), Expr::Addr(NodeRef::Node("coord".into())), 3, 7)],
                3,
            ),
        ],
        vec![forall("q", None, five("q")), exists("q", five("q")), forall("q", None, prim(Prim::Eq, vec![v(member("parts", "q", "from")), Expr::Addr(NodeRef::Node("coord".into()))]))],
    );
    let obligations = run(&p);
    assert_eq!(verdicts(&obligations), vec![("ensures (line 40)", true), ("ensures (line 41)", false), ("ensures (line 42)", true)]);
    // With no member, no member has 5.
    assert_eq!(value(counterexample(&obligations, "ensures (line 41)"), "size parts"), Some("0"));
}

#[test]
fn quantified_ensures_over_members() {
    let x = |i: &str| v(member("parts", i, "x"));
    let y = |i: &str| v(member("parts", i, "y"));
    let p = system(
        vec![all(
            "i",
            vec![
                assign(member("parts", "i", "x"), arbitrary(Sort::Int), 2),
                assign(member("parts", "i", "y"), prim(Prim::AddInt, vec![x("i"), x("i")]), 3),
                Stmt::Assert { cond: prim(Prim::Ne, vec![y("i"), Expr::Int(1)]), what: "assert".into(), at: Place::on_line(4) },
            ],
        )],
        vec![
            forall("q", None, prim(Prim::Eq, vec![y("q"), prim(Prim::MulInt, vec![Expr::Int(2), x("q")])])),
            forall("q", None, prim(Prim::Gt, vec![y("q"), x("q")])),
        ],
    );
    let obligations = run(&p);
    assert_eq!(verdicts(&obligations), vec![("assert at line 4", true), ("ensures (line 40)", true), ("ensures (line 41)", false)]);
    let values = counterexample(&obligations, "ensures (line 41)");
    let x0: Option<i64> = value(values, "parts[0].x").and_then(|s| s.parse().ok());
    assert!(x0.is_some_and(|x| x <= 0), "the first member's x is not positive: {values:?}");
}

#[test]
fn what_the_conditions_do_not_cover_is_reported_at_its_place() {
    let counting = system(
        vec![
            assign(node("coord", "n"), Expr::Int(0), 3),
            each("p", None, vec![assign(node("coord", "n"), prim(Prim::AddInt, vec![v(node("coord", "n")), Expr::Int(1)]), 5)], 4),
        ],
        vec![],
    );
    let err = verify(&counting, &mut Prover::default()).expect_err("a loop changing coord.n needs an invariant");
    assert_eq!(Some(err.primary.as_ref().expect("a primary span").span), Place::on_line(4).map(|at| at.span));
    assert!(err.message.contains("coord.n without an invariant"), "{}", err.message);

    let printing = system(vec![assign(node("coord", "s"), prim(Prim::StringOfInt, vec![Expr::Int(1)]), 9)], vec![]);
    let err = verify(&printing, &mut Prover::default()).expect_err("string_of_int is not modelled");
    assert_eq!(Some(err.primary.as_ref().expect("a primary span").span), Place::on_line(9).map(|at| at.span));
    assert!(err.message.contains("`string_of_int`"), "{}", err.message);

    let unmatched = system(vec![Stmt::Send { from: Owner::Node("coord".into()), to: Expr::Addr(NodeRef::Node("coord".into())), msg: Expr::Unit, at: Place::on_line(6) }], vec![]);
    assert_eq!(verify(&unmatched, &mut Prover::default()).map(|o| o.len()).map_err(|e| Some(e.primary.as_ref().expect("a primary span").span)), Err(Place::on_line(6).map(|at| at.span)));
}

#[test]
fn a_loop_without_invariant_may_use_temporaries_of_its_node() {
    let received = || v(node("coord", "m"));
    let from = Expr::Addr(NodeRef::Member("parts".into(), Box::new(bound("p"))));
    let p = system(
        vec![
            all("i", vec![assign(member("parts", "i", "x"), arbitrary(Sort::Int), 2)]),
            each(
                "p",
                None,
                vec![
                    deliver((node("coord", "m"), node("coord", "from")), Expr::Make(0, vec![v(member("parts", "p", "x"))]), from, 3, 8),
                    Stmt::Assert { cond: Expr::Is(Box::new(received()), Key::Tag(0)), what: "match failure".into(), at: Place::on_line(9) },
                    assign(node("coord", "seen"), Expr::Field(Box::new(received()), 0), 10),
                ],
                7,
            ),
        ],
        vec![Expr::Is(Box::new(received()), Key::Tag(0))],
    );
    let obligations = run(&p);
    assert_eq!(verdicts(&obligations), vec![("match failure not reached", true), ("ensures (line 40)", false)]);
}

#[test]
fn a_set_has_the_size_the_launcher_gives_it_never_negative() {
    let n = || v(node("launcher", "n"));
    let size = || Expr::SetSize("parts".into());
    let mut p = system(
        vec![assign(node("launcher", "n"), arbitrary(Sort::Int), 1)],
        vec![prim(Prim::Ge, vec![size(), n()]), prim(Prim::Eq, vec![size(), n()]), prim(Prim::Ge, vec![size(), Expr::Int(0)])],
    );
    p.sets[0].size = n();
    let obligations = run(&p);
    assert_eq!(verdicts(&obligations), vec![("ensures (line 40)", true), ("ensures (line 41)", false), ("ensures (line 42)", true)]);
    let values = counterexample(&obligations, "ensures (line 41)");
    assert!(value(values, "launcher.n").and_then(|s| s.parse::<i64>().ok()).is_some_and(|n| n < 0), "{values:?}");
}

#[test]
fn each_iteration_of_a_loop_without_invariant_draws_its_own_values() {
    let x = |i: &str| v(member("parts", i, "x"));
    let p = system(
        vec![each(
            "p",
            None,
            vec![
                assign(node("coord", "r"), arbitrary(Sort::Int), 3),
                deliver((member("parts", "p", "x"), member("parts", "p", "from")), v(node("coord", "r")), Expr::Addr(NodeRef::Node("coord".into())), 4, 9),
            ],
            2,
        )],
        vec![forall("q", None, forall("q2", None, prim(Prim::Eq, vec![x("q"), x("q2")])))],
    );
    let obligations = run(&p);
    assert_eq!(verdicts(&obligations), vec![("ensures (line 40)", false)]);
    let values = counterexample(&obligations, "ensures (line 40)");
    let xs: Vec<_> = ["parts[0].x", "parts[1].x", "parts[2].x"].iter().filter_map(|m| value(values, m)).collect();
    assert!(xs.iter().any(|x| *x != xs[0]), "two members differ: {values:?}");
}

#[test]
fn members_a_loop_has_not_handled_yet_keep_their_values() {
    // Each member's flag is cleared in its turn; the invariant only speaks of the coordinator,
    // yet the current member's flag is still the one it set before the loop.
    let flag = |i: &str| v(member("parts", i, "flag"));
    let p = system(
        vec![
            all("i", vec![assign(member("parts", "i", "flag"), Expr::Bool(true), 2)]),
            assign(node("coord", "n"), Expr::Int(0), 3),
            each(
                "p",
                Some(prim(Prim::Eq, vec![v(node("coord", "n")), bound("count")])),
                vec![
                    Stmt::Assert { cond: flag("p"), what: "assert".into(), at: Place::on_line(5) },
                    assign(member("parts", "p", "flag"), Expr::Bool(false), 6),
                    assign(node("coord", "n"), prim(Prim::AddInt, vec![v(node("coord", "n")), Expr::Int(1)]), 7),
                ],
                4,
            ),
        ],
        vec![],
    );
    let obligations = run(&p);
    assert_eq!(
        verdicts(&obligations),
        vec![("invariant of the loop at line 4 holds before it", true), ("assert at line 5", true), ("invariant of the loop at line 4 is preserved", true)]
    );
}

#[test]
fn an_invariant_may_speak_of_what_the_loop_sets_first() {
    // Each member gets the count so far; the invariant reads `got`, which no member has
    // before the loop.
    let got = |i: &str| v(member("parts", i, "got"));
    let count = || v(node("coord", "count"));
    let invariant = Expr::Ite(
        Box::new(prim(Prim::Eq, vec![count(), bound("count")])),
        Box::new(forall("q", Some(bound("count")), prim(Prim::Lt, vec![got("q"), count()]))),
        Box::new(Expr::Bool(false)),
    );
    let p = system(
        vec![
            assign(node("coord", "count"), Expr::Int(0), 2),
            each(
                "p",
                Some(invariant),
                vec![
                    deliver((member("parts", "p", "got"), member("parts", "p", "from")), count(), Expr::Addr(NodeRef::Node("coord".into())), 4, 9),
                    assign(node("coord", "count"), prim(Prim::AddInt, vec![count(), Expr::Int(1)]), 5),
                ],
                3,
            ),
        ],
        vec![forall("q", None, prim(Prim::Lt, vec![got("q"), count()])), forall("q", None, prim(Prim::Ge, vec![got("q"), Expr::Int(0)]))],
    );
    let obligations = run(&p);
    assert_eq!(
        verdicts(&obligations),
        vec![
            ("invariant of the loop at line 3 holds before it", true),
            ("invariant of the loop at line 3 is preserved", true),
            ("ensures (line 40)", true),
            ("ensures (line 41)", false),
        ]
    );
}

#[test]
fn a_counterexample_has_few_members_when_it_can() {
    // Only a set of more than 3 members breaks this: the counterexample shows what it can.
    let p = system(vec![], vec![prim(Prim::Le, vec![Expr::SetSize("parts".into()), Expr::Int(5)])]);
    let obligations = run(&p);
    let size: Option<i64> = value(counterexample(&obligations, "ensures (line 40)"), "size parts").and_then(|s| s.parse().ok());
    assert!(size.is_some_and(|n| n > 5));
    // Any size breaks this one: the counterexample shows all the members.
    let x = |i: &str| v(member("parts", i, "x"));
    let q = system(
        vec![all("i", vec![assign(member("parts", "i", "x"), arbitrary(Sort::Int), 2)])],
        vec![prim(Prim::Eq, vec![forall("q", None, prim(Prim::Gt, vec![x("q"), Expr::Int(0)])), Expr::Bool(false)])],
    );
    let obligations = run(&q);
    let values = counterexample(&obligations, "ensures (line 40)");
    let size: i64 = value(values, "size parts").and_then(|s| s.parse().ok()).expect("the size");
    assert!(size <= 3, "{values:?}");
    assert_eq!(values.iter().filter(|(n, _)| n.ends_with("].x")).count() as i64, size, "{values:?}");
}
