//! IR primitives and OCaml operators as Z3 terms (integers are OCaml's 63-bit ones, whose
//! arithmetic wraps: [`super::int63`]).

use super::int63;
use super::value::SVal;
use anerisc_ir::prim::Prim;
use z3::ast::{Bool, Int, Int as ZInt, String as ZStr};

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
        "+" => int63::add(a, b),
        "-" => int63::sub(a, b),
        "*" => int63::mul(a, b),
        "/" => int63::div(a, b),
        "mod" => int63::rem(a, b),
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
        Prim::NegInt => Int(int63::neg(&int(0)?)),
        Prim::PlusInt => Int(int(0)?),
        Prim::Succ => Int(int63::add(&int(0)?, &ZInt::from_i64(1))),
        Prim::Pred => Int(int63::sub(&int(0)?, &ZInt::from_i64(1))),
        Prim::AbsInt => Int(int63::abs(&int(0)?)),
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
        Prim::MaxInt => Int(ZInt::from_i64(int63::MAX)),
        Prim::MinInt => Int(ZInt::from_i64(int63::MIN)),
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
