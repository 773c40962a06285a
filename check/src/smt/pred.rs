//! Protocol predicates (OCaml boolean expressions over the binders, docs/protocols.md) as Z3
//! terms, given the symbolic value of each binder in scope. Their ints are OCaml's 63-bit
//! ones, as in the program ([`super::int63`]).

use super::int63;
use super::prim::{compare, int_op};
use super::value::SVal;
use anerisc_frontend::ast::{Constant, Expr, ExprKind, Pattern, PatternKind};
use z3::ast::{Bool, String as ZStr};

/// The binders in scope: `(name, value)`, later ones shadowing earlier ones.
pub type Env = Vec<(String, SVal)>;

/// Why a predicate could not be encoded.
pub type Unsupported = String;

/// The value of predicate (or sub-expression) `e` when the binders have the values of `env`.
pub fn encode(e: &Expr, env: &Env) -> Result<SVal, Unsupported> {
    let unsupported = || Err(format!("not supported yet in a predicate: `{}`", describe(e)));
    Ok(match &e.kind {
        ExprKind::Const(Constant::Int(n)) => SVal::Int(int63::constant(*n)),
        ExprKind::Const(Constant::String(s)) => match std::str::from_utf8(s) {
            Ok(text) => SVal::Str(ZStr::from(text)),
            Err(_) => return unsupported(),
        },
        ExprKind::Var(path) if path.modules.is_empty() => match env.iter().rev().find(|(n, _)| *n == path.name.name) {
            Some((_, v)) => v.clone(),
            None => return Err(format!("`{}` is not a binder in scope", path.name.name)),
        },
        ExprKind::Construct(path, arg) => {
            let arg = arg.as_deref().map(|a| encode(a, env)).transpose()?;
            match (path.name.name.as_str(), arg) {
                ("true", None) => SVal::Bool(Bool::from_bool(true)),
                ("false", None) => SVal::Bool(Bool::from_bool(false)),
                ("()", None) => SVal::Unit,
                ("None", None) => SVal::Ctor(0),
                ("Some", Some(v)) => SVal::Block(0, vec![v]),
                ("InjL", Some(v)) => SVal::Block(0, vec![v]),
                ("InjR", Some(v)) => SVal::Block(1, vec![v]),
                _ => return unsupported(),
            }
        }
        ExprKind::Tuple(parts) if parts.len() == 2 => SVal::Pair(Box::new(encode(&parts[0], env)?), Box::new(encode(&parts[1], env)?)),
        ExprKind::Constraint(inner, _) => encode(inner, env)?,
        ExprKind::If(c, t, f) => {
            let c = boolean(c, env)?;
            let t = encode(t, env)?;
            let f = match f {
                Some(f) => encode(f, env)?,
                None => SVal::Unit,
            };
            SVal::ite(&c, &t, &f).ok_or_else(|| format!("not supported yet in a predicate: branches of different shapes in `{}`", describe(e)))?
        }
        ExprKind::Apply(f, args) => apply(e, f, args, env)?,
        ExprKind::Match(scrutinee, cases) => {
            let v = encode(scrutinee, env)?;
            let mut result: Option<SVal> = None;
            // Build the chain of `ite`s from the last case up.
            for case in cases.iter().rev() {
                if case.guard.is_some() {
                    return unsupported();
                }
                let (test, binds) = pattern(&case.pat, &v).ok_or_else(|| format!("not supported yet in a predicate: the pattern of `{}`", describe(e)))?;
                let mut inner = env.clone();
                inner.extend(binds);
                let body = encode(&case.body, &inner)?;
                result = Some(match result {
                    None => body,
                    Some(rest) => SVal::ite(&test, &body, &rest).ok_or_else(|| format!("not supported yet in a predicate: cases of different shapes in `{}`", describe(e)))?,
                });
            }
            result.ok_or_else(|| "a match without cases".to_string())?
        }
        _ => return unsupported(),
    })
}

/// The predicate as a boolean term.
pub fn boolean(e: &Expr, env: &Env) -> Result<Bool, Unsupported> {
    encode(e, env)?.as_bool().ok_or_else(|| format!("`{}` is not a boolean the encoding models", describe(e)))
}

fn apply(e: &Expr, f: &Expr, args: &[Expr], env: &Env) -> Result<SVal, Unsupported> {
    let ExprKind::Var(path) = &f.kind else { return Err(format!("not supported yet in a predicate: `{}`", describe(e))) };
    let module = path.modules.iter().map(|m| m.name.as_str()).collect::<Vec<_>>().join(".");
    let name = path.name.name.as_str();
    let vals = args.iter().map(|a| encode(a, env)).collect::<Result<Vec<_>, _>>()?;
    let bad = || format!("not supported yet in a predicate: `{}`", describe(e));
    let ints = |vals: &[SVal]| match vals {
        [SVal::Int(a), SVal::Int(b)] => Some((a.clone(), b.clone())),
        _ => None,
    };
    Ok(match (module.as_str(), name, vals.as_slice()) {
        ("String", "length", [SVal::Str(s)]) | ("", "strlen", [SVal::Str(s)]) => SVal::Int(s.length()),
        ("", "list_length", [l]) | ("List_code", "list_length", [l]) => SVal::Int(l.list_length().ok_or_else(bad)?),
        ("", "^", [SVal::Str(a), SVal::Str(b)]) => SVal::Str(ZStr::concat(&[a.clone(), b.clone()])),
        ("", "+" | "-" | "*" | "/" | "mod", _) => {
            let (a, b) = ints(&vals).ok_or_else(bad)?;
            SVal::Int(int_op(name, &a, &b).ok_or_else(bad)?)
        }
        ("", "~-", [SVal::Int(a)]) => SVal::Int(int63::neg(a)),
        ("", "=" | "==", [a, b]) => SVal::Bool(a.equal(b).ok_or_else(bad)?),
        ("", "<>" | "!=", [a, b]) => SVal::Bool(a.equal(b).ok_or_else(bad)?.not()),
        ("", "<" | ">" | "<=" | ">=", [a, b]) => SVal::Bool(compare(name, a, b).ok_or_else(bad)?),
        ("", "&&", [SVal::Bool(a), SVal::Bool(b)]) => SVal::Bool(Bool::and(&[a.clone(), b.clone()])),
        ("", "||", [SVal::Bool(a), SVal::Bool(b)]) => SVal::Bool(Bool::or(&[a.clone(), b.clone()])),
        ("", "not", [SVal::Bool(a)]) => SVal::Bool(a.not()),
        ("", "fst", [SVal::Pair(a, _)]) => (**a).clone(),
        ("", "snd", [SVal::Pair(_, b)]) => (**b).clone(),
        _ => return Err(bad()),
    })
}

/// The test a pattern makes of `v` and the variables it binds.
fn pattern(p: &Pattern, v: &SVal) -> Option<(Bool, Env)> {
    let yes = || Bool::from_bool(true);
    Some(match (&p.kind, v) {
        (PatternKind::Any, _) => (yes(), Vec::new()),
        (PatternKind::Var(x), _) => (yes(), vec![(x.name.clone(), v.clone())]),
        (PatternKind::Constraint(inner, _), _) => pattern(inner, v)?,
        (PatternKind::Construct(c, arg), SVal::Opt(some, payload)) => match (c.name.name.as_str(), arg) {
            ("None", None) => (some.not(), Vec::new()),
            ("Some", Some(inner)) => {
                let (t, b) = pattern(inner, payload)?;
                (Bool::and(&[some.clone(), t]), b)
            }
            _ => return None,
        },
        (PatternKind::Construct(c, Some(inner)), SVal::Sum(left, l, r)) => match c.name.name.as_str() {
            "InjL" => {
                let (t, b) = pattern(inner, l)?;
                (Bool::and(&[left.clone(), t]), b)
            }
            "InjR" => {
                let (t, b) = pattern(inner, r)?;
                (Bool::and(&[left.not(), t]), b)
            }
            _ => return None,
        },
        (PatternKind::Construct(c, None), SVal::Bool(b)) => match c.name.name.as_str() {
            "true" => (b.clone(), Vec::new()),
            "false" => (b.not(), Vec::new()),
            _ => return None,
        },
        (PatternKind::Tuple(ps), SVal::Pair(a, b)) if ps.len() == 2 => {
            let (t1, mut b1) = pattern(&ps[0], a)?;
            let (t2, b2) = pattern(&ps[1], b)?;
            b1.extend(b2);
            (Bool::and(&[t1, t2]), b1)
        }
        (PatternKind::Const(Constant::Int(n)), SVal::Int(x)) => (x.eq(int63::constant(*n)), Vec::new()),
        _ => return None,
    })
}

/// A short description of an expression for messages (its kind).
fn describe(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Var(p) => p.name.name.clone(),
        ExprKind::Apply(f, _) => match &f.kind {
            ExprKind::Var(p) => format!("{} ...", p.name.name),
            _ => "an application".into(),
        },
        ExprKind::Let(..) => "let".into(),
        ExprKind::Fun(..) | ExprKind::Function(..) => "a function".into(),
        ExprKind::Const(Constant::Float(_)) => "a float".into(),
        ExprKind::Const(Constant::Char(_)) => "a char".into(),
        _ => "this expression".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smt::msg::MsgTy;
    use crate::smt::value::Names;
    use crate::smt::{Prover, Verdict};
    use anerisc_frontend::parser::parse_expression;
    use anerisc_diag::span::FileId;
    use z3::ast::Int;

    fn expr(text: &str) -> Expr {
        parse_expression(FileId(0), text, 0).expect("parses")
    }

    #[test]
    fn echo_refinement_is_refuted_by_an_off_by_one() {
        let mut names = Names::default();
        let s = names.fresh(&MsgTy::Str, "s");
        let SVal::Str(zs) = &s else { panic!("a string") };
        let n = SVal::Int(Int::add(&[zs.length(), Int::from_i64(1)]));
        let env = vec![("s".to_string(), s.clone()), ("n".to_string(), n)];
        let goal = boolean(&expr("n = String.length s"), &env).unwrap();
        match Prover::default().prove(&[], &goal, &names) {
            Verdict::Refuted(values) => assert_eq!(values[0].0, "s"),
            other => panic!("expected a refutation, got {other:?}"),
        }
        let ok = vec![("s".to_string(), s.clone()), ("n".to_string(), SVal::Int(zs.length()))];
        let goal = boolean(&expr("n = strlen s && n >= 0"), &ok).unwrap();
        assert!(Prover::default().prove(&[], &goal, &names).is_proven());
    }

    #[test]
    fn dependent_arithmetic_and_option_matches() {
        let mut names = Names::default();
        let k = names.fresh(&MsgTy::Int, "k");
        let SVal::Int(zk) = &k else { panic!("an int") };
        let v = SVal::Int(int63::mul(&Int::from_i64(2), zk));
        let env = vec![("k".to_string(), k.clone()), ("v".to_string(), v)];
        assert!(Prover::default().prove(&[], &boolean(&expr("v = 2 * k && v mod 2 = 0"), &env).unwrap(), &names).is_proven());
        let o = names.fresh(&MsgTy::Option(Box::new(MsgTy::Int)), "o");
        let SVal::Opt(some, _) = &o else { panic!("an option") };
        let env = vec![("o".to_string(), o.clone())];
        let test = boolean(&expr("(match o with Some x -> x > 0 | None -> true)"), &env).unwrap();
        assert!(!Prover::default().prove(std::slice::from_ref(some), &test, &names).is_proven());
        let ite_str = boolean(&expr("(if k > 0 then \"a\" else \"bb\") ^ \"c\" <> \"\""), &vec![("k".to_string(), k.clone())]).unwrap();
        assert!(Prover::default().prove(&[], &ite_str, &names).is_proven());
    }

    #[test]
    fn unknown_names_and_functions_are_errors() {
        assert!(encode(&expr("x + 1"), &Vec::new()).is_err());
        assert!(encode(&expr("List.length 1"), &Vec::new()).is_err());
        assert!(encode(&expr("let y = 1 in y"), &Vec::new()).is_err());
    }
}
