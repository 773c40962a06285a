//! The Z3 encoding used by the session checker: symbolic values ([`value`]), protocol
//! predicates ([`pred`]), IR primitives ([`prim`]), OCaml's 63-bit ints ([`int63`]), the ranges
//! of unknown values ([`ranges`]), and the prover that decides obligations
//! and turns Z3's models into counterexamples in source names.

pub mod int63;
pub mod msg;
pub mod pred;
pub mod prim;
pub mod ranges;
pub mod value;

use std::time::{Duration, Instant};
use value::{Leaf, Names};
use z3::ast::{Bool, Int};
use z3::{Params, SatResult, Solver, Tactic};

/// What Z3 said about an obligation.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// It follows from the facts.
    Proven,
    /// It does not: values of the named leaves that satisfy the facts but not the goal.
    Refuted(Vec<(String, String)>),
    /// Z3 gave up (timeout or incompleteness), with its reason.
    Unknown(String),
}

impl Verdict {
    /// True when the obligation was proven.
    pub fn is_proven(&self) -> bool {
        matches!(self, Verdict::Proven)
    }

    /// The counterexample's values as `name = value, ...` (`any values` when there are none).
    pub fn counterexample(values: &[(String, String)]) -> String {
        if values.is_empty() {
            return "any values".into();
        }
        values.iter().map(|(n, v)| format!("{n} = {v}")).collect::<Vec<_>>().join(", ")
    }

    /// The verdict in words, for `--verbose` and the IR text.
    pub fn describe(&self) -> String {
        match self {
            Verdict::Proven => "proven".into(),
            Verdict::Refuted(values) => format!("NOT proven (counterexample: {})", Verdict::counterexample(values)),
            Verdict::Unknown(why) => format!("unknown ({why})"),
        }
    }
}

/// Decides obligations with Z3 and counts the time spent in it. One solver serves every
/// query (each in its own push/pop scope): creating a solver per query costs more than
/// deciding a small one.
#[derive(Default)]
pub struct Prover {
    /// Total time spent in Z3.
    pub time: Duration,
    /// How many queries were made.
    pub queries: u32,
    solver: Option<Solver>,
    /// How many of the thread's [`ranges`] the solver assumes.
    ranges: usize,
}

/// Milliseconds Z3 may spend on one obligation.
const TIMEOUT_MS: u32 = 2000;

/// The largest magnitude of the ints a counterexample is first looked for with (2^20: sums and
/// products of a few of them stay far from max_int).
const SMALL: i64 = 1 << 20;

impl Prover {
    /// A prover whose Z3 context and solver have started up and decided a first small
    /// query over ints and strings (what Z3 initialises lazily costs more than most
    /// obligations), on the current thread.
    pub fn warm() -> Prover {
        let mut p = Prover::default();
        let mut names = Names::default();
        let (value::SVal::Str(s), value::SVal::Int(n)) = (names.fresh(&msg::MsgTy::Str, "s"), names.fresh(&msg::MsgTy::Int, "n")) else {
            return p;
        };
        let fact = n.eq(s.length());
        p.prove(&[fact], &n.ge(z3::ast::Int::from_i64(0)), &names);
        p.time = Duration::ZERO;
        p.queries = 0;
        p
    }

    /// Whether `facts` imply `goal`; a refutation names the values of `names`' leaves.
    pub fn prove(&mut self, facts: &[Bool], goal: &Bool, names: &Names) -> Verdict {
        self.prove_showing(facts, goal, names, &[])
    }

    /// [`Prover::prove`], a refutation also giving the values of `shown` (first).
    pub fn prove_showing(&mut self, facts: &[Bool], goal: &Bool, names: &Names, shown: &[(String, value::SVal)]) -> Verdict {
        let start = Instant::now();
        let solver = self.solver.get_or_insert_with(|| {
            // The `smt` tactic's solver: Z3's default (combined) solver spends about 10 ms
            // setting itself up on its first query, more than most programs' obligations.
            let solver = Tactic::new("smt").solver();
            let mut params = Params::new();
            params.set_u32("timeout", TIMEOUT_MS);
            solver.set_params(&params);
            solver
        });
        let (new, made) = ranges::since(self.ranges);
        for r in &new {
            solver.assert(r);
        }
        self.ranges = made;
        solver.push();
        for f in facts {
            solver.assert(f);
        }
        solver.assert(goal.not());
        let verdict = match solver.check() {
            SatResult::Unsat => Verdict::Proven,
            SatResult::Sat => {
                let any = solver.get_model().map(|m| model_values(&m, names, shown)).unwrap_or_default();
                // A counterexample of small ints when there is one: it reads better, and one
                // near max_int then says that only an overflow breaks the goal.
                solver.push();
                for (_, leaf) in leaves(names, shown) {
                    if let Leaf::Int(i) = leaf {
                        solver.assert(Bool::and(&[i.ge(Int::from_i64(-SMALL)), i.le(Int::from_i64(SMALL))]));
                    }
                }
                let small = match solver.check() {
                    SatResult::Sat => solver.get_model().map(|m| model_values(&m, names, shown)),
                    _ => None,
                };
                solver.pop(1);
                Verdict::Refuted(small.unwrap_or(any))
            }
            SatResult::Unknown => Verdict::Unknown(solver.get_reason_unknown().unwrap_or_else(|| "unknown".into())),
        };
        solver.pop(1);
        self.time += start.elapsed();
        self.queries += 1;
        verdict
    }
}

/// The shown values and the named leaves, as the leaves a counterexample gives.
fn leaves(names: &Names, shown: &[(String, value::SVal)]) -> Vec<(String, Leaf)> {
    let shown = shown.iter().filter_map(|(n, v)| {
        Some(match v {
            value::SVal::Int(i) => (n.clone(), Leaf::Int(i.clone())),
            value::SVal::Bool(b) => (n.clone(), Leaf::Bool(b.clone())),
            value::SVal::Str(s) => (n.clone(), Leaf::Str(s.clone())),
            value::SVal::List(len) => (format!("list_length {n}"), Leaf::Int(len.clone())),
            _ => return None,
        })
    });
    shown.chain(names.leaves.iter().cloned()).collect()
}

/// The model's value of each shown value and named leaf, printed as OCaml literals.
fn model_values(model: &z3::Model, names: &Names, shown: &[(String, value::SVal)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (name, leaf) in leaves(names, shown) {
        if out.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let text = match &leaf {
            Leaf::Int(i) => model.eval(i, true).and_then(|v| v.as_i64()).map(|v| v.to_string()),
            Leaf::Bool(b) => model.eval(b, true).and_then(|v| v.as_bool()).map(|v| v.to_string()),
            Leaf::Str(s) => model.eval(s, true).and_then(|v| v.as_string()).map(|v| format!("{v:?}")),
        };
        if let Some(text) = text {
            out.push((name, text));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proves_what_follows_and_refutes_with_named_values() {
        let mut names = Names::default();
        let n = names.fresh(&msg::MsgTy::Int, "n");
        let value::SVal::Int(n) = n else { panic!("an int") };
        let mut p = Prover::default();
        assert_eq!(p.prove(&[n.gt(Int::from_i64(3))], &n.gt(Int::from_i64(0)), &names), Verdict::Proven);
        match p.prove(&[n.gt(Int::from_i64(3))], &n.eq(Int::from_i64(4)), &names) {
            Verdict::Refuted(values) => {
                assert_eq!(values.len(), 1);
                assert_eq!(values[0].0, "n");
                assert_ne!(values[0].1, "4");
            }
            other => panic!("expected a refutation, got {other:?}"),
        }
        assert_eq!(p.queries, 2);
    }

    #[test]
    fn a_counterexample_has_small_ints_unless_only_large_ones_break_the_goal() {
        let mut names = Names::default();
        let value::SVal::Int(k) = names.fresh(&msg::MsgTy::Int, "k") else { panic!("an int") };
        let mut p = Prover::default();
        let doubled = int63::mul(&Int::from_i64(2), &k);
        let Verdict::Refuted(values) = p.prove(&[], &int63::add(&k, &Int::from_i64(2)).eq(&doubled), &names) else { panic!("refuted") };
        let k_is: i64 = values[0].1.parse().expect("an int");
        assert!(k_is.abs() <= SMALL && k_is != 2, "{values:?}");
        let Verdict::Refuted(values) = p.prove(&[], &int63::add(&k, &Int::from_i64(1)).gt(&k), &names) else { panic!("refuted") };
        assert_eq!(values, vec![("k".to_string(), int63::MAX.to_string())]);
    }

    #[test]
    fn a_warm_prover_starts_with_nothing_counted_and_still_decides() {
        let mut p = Prover::warm();
        assert_eq!((p.queries, p.time), (0, Duration::ZERO));
        let mut names = Names::default();
        let value::SVal::Int(n) = names.fresh(&msg::MsgTy::Int, "n") else { panic!("an int") };
        assert!(!p.prove(&[n.lt(Int::from_i64(0))], &n.ge(Int::from_i64(0)), &names).is_proven());
        assert_eq!(p.queries, 1);
    }
}
