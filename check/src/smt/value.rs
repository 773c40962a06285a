//! Symbolic values: what the encoding knows of a program value or a message, as Z3 terms
//! arranged in the shape of its type (pairs, options and sums are kept as Rust structure,
//! so no Z3 datatypes are needed).

use super::int63;
use super::msg::MsgTy;
use super::ranges;
use z3::ast::{Bool, Int, String as ZStr};

/// A symbolic value.
#[derive(Debug, Clone)]
pub enum SVal {
    /// An OCaml int: always in [min_int, max_int], its arithmetic wrapping ([`int63`]).
    Int(Int),
    /// A boolean.
    Bool(Bool),
    /// A string.
    Str(ZStr),
    /// `()`.
    Unit,
    /// A pair.
    Pair(Box<SVal>, Box<SVal>),
    /// An option: whether it is `Some`, and the payload (meaningful when it is).
    Opt(Bool, Box<SVal>),
    /// A sum (`InjL`/`InjR`): whether it is `InjL`, and both possible payloads.
    Sum(Bool, Box<SVal>, Box<SVal>),
    /// A block the program built (`make tag(...)`) whose type is not known yet.
    Block(u32, Vec<SVal>),
    /// A constant constructor the program built, by number.
    Ctor(i64),
    /// A list message (Aneris's `alist`): only its length is modelled (in [0, max_int]).
    List(Int),
    /// A value the encoding does not model.
    Opaque,
}

/// A named leaf of a symbolic value, for counterexamples.
#[derive(Debug, Clone)]
pub enum Leaf {
    /// An integer leaf.
    Int(Int),
    /// A boolean leaf.
    Bool(Bool),
    /// A string leaf.
    Str(ZStr),
}

/// The named leaves of the values created so far on one path (counterexamples show them).
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// `(source name, leaf)`, in creation order.
    pub leaves: Vec<(String, Leaf)>,
}

impl Names {
    /// A fresh value of message type `ty`, its leaves named after `name`.
    pub fn fresh(&mut self, ty: &MsgTy, name: &str) -> SVal {
        match ty {
            MsgTy::Int => {
                let v = ranges::int(name);
                self.leaves.push((name.to_string(), Leaf::Int(v.clone())));
                SVal::Int(v)
            }
            MsgTy::Bool => {
                let v = Bool::fresh_const(name);
                self.leaves.push((name.to_string(), Leaf::Bool(v.clone())));
                SVal::Bool(v)
            }
            MsgTy::Str => {
                let v = ranges::string(name);
                self.leaves.push((name.to_string(), Leaf::Str(v.clone())));
                SVal::Str(v)
            }
            MsgTy::Unit => SVal::Unit,
            MsgTy::Pair(a, b) => SVal::Pair(Box::new(self.fresh(a, &format!("fst {name}"))), Box::new(self.fresh(b, &format!("snd {name}")))),
            MsgTy::Option(a) => {
                let some = Bool::fresh_const(name);
                self.leaves.push((format!("{name} <> None"), Leaf::Bool(some.clone())));
                SVal::Opt(some, Box::new(self.fresh(a, &format!("the content of {name}"))))
            }
            MsgTy::Sum(a, b) => {
                let left = Bool::fresh_const(name);
                self.leaves.push((format!("{name} is InjL"), Leaf::Bool(left.clone())));
                let l = self.fresh(a, &format!("the InjL content of {name}"));
                let r = self.fresh(b, &format!("the InjR content of {name}"));
                SVal::Sum(left, Box::new(l), Box::new(r))
            }
            MsgTy::List(_) => {
                let length = ranges::length(name);
                self.leaves.push((format!("list_length {name}"), Leaf::Int(length.clone())));
                SVal::List(length)
            }
            MsgTy::Addr => SVal::Opaque,
        }
    }

    /// A fresh value of IR type `ty` (unknown structure stays opaque), named `name`.
    pub fn fresh_ir(&mut self, ty: anerisc_ir::ir::Ty, name: Option<&str>) -> SVal {
        use anerisc_ir::ir::Ty;
        let msg = match ty {
            Ty::Int => MsgTy::Int,
            Ty::Bool => MsgTy::Bool,
            Ty::Str => MsgTy::Str,
            Ty::Unit => MsgTy::Unit,
            _ => return SVal::Opaque,
        };
        match name {
            Some(n) => self.fresh(&msg, n),
            None => {
                let mut scratch = Names::default();
                scratch.fresh(&msg, "v")
            }
        }
    }
}

impl SVal {
    /// A fresh value of the same shape as `self`, its leaves named after `name`: ints,
    /// booleans, strings and lists' lengths become unknown; pairs, options and sums keep
    /// their structure with fresh parts; data whose constructor may differ (blocks,
    /// constant constructors) becomes opaque. What a walk that must hold for every value is
    /// given.
    pub fn fresh_like(&self, names: &mut Names, name: &str) -> SVal {
        let list = MsgTy::List(Box::new(MsgTy::Unit));
        match self {
            SVal::Int(_) => names.fresh(&MsgTy::Int, name),
            SVal::Bool(_) => names.fresh(&MsgTy::Bool, name),
            SVal::Str(_) => names.fresh(&MsgTy::Str, name),
            SVal::List(_) => names.fresh(&list, name),
            SVal::Unit => SVal::Unit,
            SVal::Pair(a, b) => SVal::Pair(Box::new(a.fresh_like(names, &format!("fst {name}"))), Box::new(b.fresh_like(names, &format!("snd {name}")))),
            SVal::Opt(_, x) => {
                let some = Bool::fresh_const(name);
                names.leaves.push((format!("{name} <> None"), Leaf::Bool(some.clone())));
                SVal::Opt(some, Box::new(x.fresh_like(names, &format!("the content of {name}"))))
            }
            SVal::Sum(_, l, r) => {
                let left = Bool::fresh_const(name);
                names.leaves.push((format!("{name} is InjL"), Leaf::Bool(left.clone())));
                SVal::Sum(left, Box::new(l.fresh_like(names, name)), Box::new(r.fresh_like(names, name)))
            }
            SVal::Block(..) | SVal::Ctor(_) | SVal::Opaque => SVal::Opaque,
        }
    }

    /// The value seen at message type `ty`: data the program built gets its typed shape,
    /// unknown data becomes a fresh value of that type. `None` when the shapes conflict.
    pub fn conform(&self, ty: &MsgTy, names: &mut Names, name: &str) -> Option<SVal> {
        Some(match (self, ty) {
            (SVal::Opaque, _) => names.fresh(ty, name),
            (SVal::Block(0, parts), MsgTy::Pair(a, b)) if parts.len() == 2 => SVal::Pair(
                Box::new(parts[0].conform(a, names, &format!("fst {name}"))?),
                Box::new(parts[1].conform(b, names, &format!("snd {name}"))?),
            ),
            (SVal::Pair(x, y), MsgTy::Pair(a, b)) => SVal::Pair(Box::new(x.conform(a, names, name)?), Box::new(y.conform(b, names, name)?)),
            (SVal::Block(0, parts), MsgTy::Option(a)) if parts.len() == 1 => SVal::Opt(Bool::from_bool(true), Box::new(parts[0].conform(a, names, name)?)),
            // `None` has no content: its placeholder is not named in counterexamples.
            (SVal::Ctor(0), MsgTy::Option(a)) => SVal::Opt(Bool::from_bool(false), Box::new(Names::default().fresh(a, name))),
            (SVal::Opt(s, x), MsgTy::Option(a)) => SVal::Opt(s.clone(), Box::new(x.conform(a, names, name)?)),
            (SVal::Block(t @ (0 | 1), parts), MsgTy::Sum(a, b)) if parts.len() == 1 => {
                let (l, r) = if *t == 0 {
                    (parts[0].conform(a, names, name)?, names.fresh(b, name))
                } else {
                    (names.fresh(a, name), parts[0].conform(b, names, name)?)
                };
                SVal::Sum(Bool::from_bool(*t == 0), Box::new(l), Box::new(r))
            }
            (SVal::Sum(s, l, r), MsgTy::Sum(a, b)) => SVal::Sum(s.clone(), Box::new(l.conform(a, names, name)?), Box::new(r.conform(b, names, name)?)),
            (SVal::Int(_), MsgTy::Int) | (SVal::Bool(_), MsgTy::Bool) | (SVal::Str(_), MsgTy::Str) | (SVal::Unit, MsgTy::Unit) => self.clone(),
            (_, MsgTy::List(_)) => match self.list_length() {
                Some(n) => SVal::List(n),
                None => names.fresh(ty, name),
            },
            (_, MsgTy::Addr) => SVal::Opaque,
            _ => return None,
        })
    }

    /// Structural equality, when the encoding can express it.
    pub fn equal(&self, other: &SVal) -> Option<Bool> {
        Some(match (self, other) {
            (SVal::Int(a), SVal::Int(b)) => a.eq(b),
            (SVal::Bool(a), SVal::Bool(b)) => a.iff(b),
            (SVal::Str(a), SVal::Str(b)) => a.eq(b),
            (SVal::Unit, SVal::Unit) => Bool::from_bool(true),
            (SVal::Pair(a, b), SVal::Pair(c, d)) => Bool::and(&[a.equal(c)?, b.equal(d)?]),
            (SVal::Opt(s, x), SVal::Opt(t, y)) => Bool::and(&[s.iff(t), s.implies(x.equal(y)?)]),
            (SVal::Opt(s, _), SVal::Ctor(0)) | (SVal::Ctor(0), SVal::Opt(s, _)) => s.not(),
            (SVal::Opt(s, x), SVal::Block(0, p)) | (SVal::Block(0, p), SVal::Opt(s, x)) if p.len() == 1 => Bool::and(&[s.clone(), x.equal(&p[0])?]),
            (SVal::Sum(s, l, r), SVal::Sum(t, m, n)) => Bool::and(&[s.iff(t), s.implies(l.equal(m)?), s.not().implies(r.equal(n)?)]),
            (SVal::Sum(s, l, r), SVal::Block(t, p)) | (SVal::Block(t, p), SVal::Sum(s, l, r)) if p.len() == 1 && *t <= 1 => {
                if *t == 0 {
                    Bool::and(&[s.clone(), l.equal(&p[0])?])
                } else {
                    Bool::and(&[s.not(), r.equal(&p[0])?])
                }
            }
            (SVal::Block(t, p), SVal::Block(u, q)) => {
                if t != u || p.len() != q.len() {
                    return Some(Bool::from_bool(false));
                }
                let parts: Option<Vec<Bool>> = p.iter().zip(q).map(|(a, b)| a.equal(b)).collect();
                Bool::and(&parts?)
            }
            (SVal::Ctor(a), SVal::Ctor(b)) => Bool::from_bool(a == b),
            (SVal::Ctor(_), SVal::Block(..)) | (SVal::Block(..), SVal::Ctor(_)) => Bool::from_bool(false),
            _ => return None,
        })
    }

    /// `if c then self else other`, for values of the same shape.
    pub fn ite(c: &Bool, a: &SVal, b: &SVal) -> Option<SVal> {
        Some(match (a, b) {
            (SVal::Int(x), SVal::Int(y)) => SVal::Int(c.ite(x, y)),
            (SVal::Bool(x), SVal::Bool(y)) => SVal::Bool(c.ite(x, y)),
            (SVal::Str(x), SVal::Str(y)) => SVal::Str(c.ite(x, y)),
            (SVal::Unit, SVal::Unit) => SVal::Unit,
            (SVal::Pair(x, y), SVal::Pair(z, w)) => SVal::Pair(Box::new(SVal::ite(c, x, z)?), Box::new(SVal::ite(c, y, w)?)),
            (SVal::Opt(s, x), SVal::Opt(t, y)) => SVal::Opt(c.ite(s, t), Box::new(SVal::ite(c, x, y)?)),
            (SVal::List(x), SVal::List(y)) => SVal::List(c.ite(x, y)),
            _ => return None,
        })
    }

    /// The length of the value as an Aneris list (`alist`: `None`, or `Some (x, tail)`),
    /// when its shape shows it. A cell's length is its tail's plus one, kept at most max_int
    /// (no list in memory comes near: where it would pass, the term stops at max_int).
    pub fn list_length(&self) -> Option<Int> {
        let cons = |tail: &SVal| -> Option<Int> {
            let n = tail.list_length()?;
            Some(n.lt(Int::from_i64(int63::MAX)).ite(&Int::add(&[n.clone(), Int::from_i64(1)]), &n))
        };
        match self {
            SVal::List(n) => Some(n.clone()),
            SVal::Ctor(0) => Some(Int::from_i64(0)),
            SVal::Block(0, cell) if cell.len() == 1 => match &cell[0] {
                SVal::Block(0, pair) if pair.len() == 2 => cons(&pair[1]),
                SVal::Pair(_, tail) => cons(tail),
                _ => None,
            },
            _ => None,
        }
    }

    /// The value as a boolean term, if it is one.
    pub fn as_bool(&self) -> Option<Bool> {
        match self {
            SVal::Bool(b) => Some(b.clone()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smt::Prover;

    #[test]
    fn built_pairs_conform_to_their_message_type() {
        let mut names = Names::default();
        let x = Int::fresh_const("x");
        let built = SVal::Block(0, vec![SVal::Int(x.clone()), SVal::Opaque]);
        let ty = MsgTy::Pair(Box::new(MsgTy::Int), Box::new(MsgTy::Str));
        let v = built.conform(&ty, &mut names, "p").expect("a pair");
        assert!(matches!(v, SVal::Pair(ref a, ref b) if matches!(**a, SVal::Int(_)) && matches!(**b, SVal::Str(_))));
        assert!(built.conform(&MsgTy::Int, &mut names, "p").is_none());
    }

    #[test]
    fn list_lengths_come_from_built_lists_and_are_never_negative() {
        let mut names = Names::default();
        let ints = MsgTy::List(Box::new(MsgTy::Int));
        let nil = SVal::Ctor(0);
        let cons = |x: i64, tail: SVal| SVal::Block(0, vec![SVal::Block(0, vec![SVal::Int(Int::from_i64(x)), tail])]);
        let SVal::List(two) = cons(1, cons(2, nil)).conform(&ints, &mut names, "xs").expect("a list") else { panic!("a list") };
        let mut p = Prover::default();
        assert!(p.prove(&[], &two.eq(Int::from_i64(2)), &names).is_proven());
        let SVal::List(unknown) = names.fresh(&ints, "ys") else { panic!("a list") };
        assert!(p.prove(&[], &unknown.ge(Int::from_i64(0)), &names).is_proven());
        assert!(!p.prove(&[], &unknown.ge(Int::from_i64(1)), &names).is_proven());
        assert!(SVal::Opaque.conform(&ints, &mut names, "zs").is_some_and(|v| matches!(v, SVal::List(_))));
    }

    #[test]
    fn option_equality_ignores_the_payload_of_none() {
        let mut names = Names::default();
        let o = names.fresh(&MsgTy::Option(Box::new(MsgTy::Int)), "o");
        let none_eq = o.equal(&SVal::Ctor(0)).unwrap();
        let SVal::Opt(some, _) = &o else { panic!("an option") };
        let mut p = Prover::default();
        assert!(p.prove(&[none_eq], &some.not(), &names).is_proven());
    }
}
