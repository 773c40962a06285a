//! IR primitives and OCaml operators as Z3 terms (integers follow OCaml's truncating `/`
//! and `mod`; overflow is not modelled).

use super::value::SVal;
use anerisc_ir::prim::Prim;
use z3::ast::{Bool, Int, Int as ZInt, String as ZStr};

/// OCaml's `a / b` (rounds towards zero), for `b <> 0`.
pub fn div(a: &Int, b: &Int) -> Int {
    let zero = ZInt::from_i64(0);
    let q = a.abs_div(b);
    let same_sign = a.ge(&zero).iff(b.ge(&zero));
    same_sign.ite(&q, &q.unary_minus())
}

/// OCaml's `a mod b` (has the sign of `a`).
pub fn rem(a: &Int, b: &Int) -> Int {
    ZInt::sub(&[a.clone(), ZInt::mul(&[b.clone(), div(a, b)])])
}

/// `|a| / |b|` rounded down, the building block of [`div`].
trait AbsDiv {
    fn abs_div(&self, b: &Int) -> Int;
}

impl AbsDiv for Int {
    fn abs_div(&self, b: &Int) -> Int {
        let zero = ZInt::from_i64(0);
        let abs = |x: &Int| x.ge(&zero).ite(x, &x.unary_minus());
        abs(self).div(abs(b))
    }
}

/// An ordering comparison of two ints or two strings.
pub fn compare(op: &str, a: &SVal, b: &SVal) -> Option<Bool> {
    Some(match (a, b) {
        (SVal::Int(x), SVal::Int(y)) => match op {
            "<" => x.lt(y),
            ">" => x.gt(y),
            "<=" => x.le(y),
            ">=" => x.ge(y),
            _ => return None,
        },
        (SVal::Str(x), SVal::Str(y)) => match op {
            "<" => x.str_lt(y),
            ">" => y.str_lt(x),
            "<=" => x.str_le(y),
            ">=" => y.str_le(x),
            _ => return None,
        },
        _ => return None,
    })
}

/// A binary integer operation by its OCaml name.
pub fn int_op(op: &str, a: &Int, b: &Int) -> Option<Int> {
    Some(match op {
        "+" => ZInt::add(&[a.clone(), b.clone()]),
        "-" => ZInt::sub(&[a.clone(), b.clone()]),
        "*" => ZInt::mul(&[a.clone(), b.clone()]),
        "/" => div(a, b),
        "mod" => rem(a, b),
        _ => return None,
    })
}

/// The value of primitive `p` applied to `args`, when the encoding models it: only pure
/// primitives (the primitive table's `Effects::pure`) are, as functions of their arguments.
pub fn apply(p: Prim, args: &[SVal]) -> Option<SVal> {
    use SVal::*;
    if !p.effects().pure {
        return None;
    }
    let int = |i: usize| match args.get(i) {
        Some(Int(x)) => Some(x.clone()),
        _ => None,
    };
    Some(match p {
        Prim::AddInt | Prim::SubInt | Prim::MulInt | Prim::DivInt | Prim::ModInt => {
            let op = match p {
                Prim::AddInt => "+",
                Prim::SubInt => "-",
                Prim::MulInt => "*",
                Prim::DivInt => "/",
                _ => "mod",
            };
            Int(int_op(op, &int(0)?, &int(1)?)?)
        }
        Prim::NegInt => Int(int(0)?.unary_minus()),
        Prim::PlusInt => Int(int(0)?),
        Prim::Succ => Int(ZInt::add(&[int(0)?, ZInt::from_i64(1)])),
        Prim::Pred => Int(ZInt::sub(&[int(0)?, ZInt::from_i64(1)])),
        Prim::AbsInt => {
            let x = int(0)?;
            Int(x.ge(ZInt::from_i64(0)).ite(&x, &x.unary_minus()))
        }
        Prim::Eq | Prim::StrEqual | Prim::CharEqual => Bool(args.first()?.equal(args.get(1)?)?),
        Prim::Ne => Bool(args.first()?.equal(args.get(1)?)?.not()),
        Prim::Lt | Prim::Gt | Prim::Le | Prim::Ge => {
            let op = match p {
                Prim::Lt => "<",
                Prim::Gt => ">",
                Prim::Le => "<=",
                _ => ">=",
            };
            Bool(compare(op, args.first()?, args.get(1)?)?)
        }
        Prim::Min | Prim::Max => {
            let (x, y) = (int(0)?, int(1)?);
            let first = if p == Prim::Min { x.le(&y) } else { x.ge(&y) };
            Int(first.ite(&x, &y))
        }
        Prim::Not => Bool(args.first()?.as_bool()?.not()),
        Prim::Concat => match (args.first()?, args.get(1)?) {
            (Str(a), Str(b)) => Str(ZStr::concat(&[a.clone(), b.clone()])),
            _ => return None,
        },
        Prim::StrLength => match args.first()? {
            Str(s) => Int(s.length()),
            _ => return None,
        },
        Prim::Fst | Prim::Snd => {
            let i = usize::from(p == Prim::Snd);
            match args.first()? {
                Pair(a, b) => if i == 0 { (**a).clone() } else { (**b).clone() },
                Block(0, parts) if parts.len() == 2 => parts[i].clone(),
                _ => return None,
            }
        }
        Prim::MaxInt => Int(ZInt::from_i64(i64::MAX >> 1)),
        Prim::MinInt => Int(ZInt::from_i64(i64::MIN >> 1)),
        Prim::Ignore => Unit,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smt::value::Names;
    use crate::smt::Prover;

    fn holds(b: Bool) -> bool {
        Prover::default().prove(&[], &b, &Names::default()).is_proven()
    }

    #[test]
    fn division_truncates_like_ocaml() {
        let n = |i| ZInt::from_i64(i);
        assert!(holds(div(&n(-7), &n(2)).eq(n(-3))));
        assert!(holds(rem(&n(-7), &n(2)).eq(n(-1))));
        assert!(holds(div(&n(7), &n(-2)).eq(n(-3))));
        assert!(!holds(div(&n(-7), &n(2)).eq(n(-4))));
    }

    #[test]
    fn string_length_of_a_concatenation() {
        let a = ZStr::fresh_const("a");
        let b = ZStr::fresh_const("b");
        let cat = apply(Prim::Concat, &[SVal::Str(a.clone()), SVal::Str(b.clone())]).unwrap();
        let SVal::Int(len) = apply(Prim::StrLength, &[cat]).unwrap() else { panic!("an int") };
        assert!(holds(len.eq(ZInt::add(&[a.length(), b.length()]))));
    }

    #[test]
    fn unmodelled_primitives_give_nothing() {
        assert!(apply(Prim::StringOfInt, &[SVal::Int(ZInt::from_i64(1))]).is_none());
        assert!(apply(Prim::AddInt, &[SVal::Opaque, SVal::Opaque]).is_none());
    }
}
