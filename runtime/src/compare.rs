//! Polymorphic structural comparison (`compare`, `=`, `<>`, `<`, `<=`, `>`, `>=`) with
//! OCaml's order: integers (and constant constructors) before blocks, blocks by tag, then by
//! size, then field by field; strings byte-wise, floats numerically. Functional and abstract
//! values cannot be compared.

use std::cmp::Ordering;

use crate::error::{RtError, RtResult};
use crate::sched::Mutator;
use crate::strings::string_bytes;
use crate::value::{Value, CLOSURE_TAG, CUSTOM_TAG, DOUBLE_TAG, STRING_TAG};

/// The outcome of a comparison: an order, or unordered (a NaN met by a non-total comparison).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Cmp {
    /// Ordered (possibly equal).
    Ordered(Ordering),
    /// A NaN was compared by `=`, `<`, ...: every such test is false except `<>`.
    Unordered,
}

/// Compares `a` and `b`. `total` is `compare`'s mode: NaN equals itself and is below every
/// other float, and physically equal values are equal without a look inside. The other
/// mode is that of `=`, `<`, ...
pub fn compare_values(m: &Mutator, a: Value, b: Value, total: bool) -> RtResult<Cmp> {
    // The pair compared next; `pending` (empty, so not allocated, for shallow values) holds
    // the later fields of the blocks entered so far.
    let mut pending = Vec::new();
    let mut next = Some((a, b));
    while let Some((a, b)) = next.take().or_else(|| pending.pop()) {
        if a == b && total {
            continue;
        }
        match (a.is_int(), b.is_int()) {
            (true, true) => match (a.0 as i64).cmp(&(b.0 as i64)) {
                Ordering::Equal => continue,
                o => return Ok(Cmp::Ordered(o)),
            },
            (true, false) => return Ok(Cmp::Ordered(Ordering::Less)),
            (false, true) => return Ok(Cmp::Ordered(Ordering::Greater)),
            (false, false) => {}
        }
        // SAFETY: both are blocks, valid while the lock is held.
        let (ha, hb) = unsafe { (a.header(), b.header()) };
        if ha.tag() != hb.tag() {
            return Ok(Cmp::Ordered(ha.tag().cmp(&hb.tag())));
        }
        match ha.tag() {
            STRING_TAG => match string_bytes(m, a)?.cmp(string_bytes(m, b)?) {
                Ordering::Equal => continue,
                o => return Ok(Cmp::Ordered(o)),
            },
            DOUBLE_TAG => {
                // SAFETY: float blocks hold their bits in field 0.
                let (x, y) = unsafe {
                    (
                        f64::from_bits(a.raw_field(0)),
                        f64::from_bits(b.raw_field(0)),
                    )
                };
                match compare_floats(x, y, total) {
                    Cmp::Ordered(Ordering::Equal) => continue,
                    c => return Ok(c),
                }
            }
            CLOSURE_TAG => return Err(RtError::invalid_argument("compare: functional value")),
            CUSTOM_TAG => return Err(RtError::invalid_argument("compare: abstract value")),
            _ => {
                if ha.size() != hb.size() {
                    return Ok(Cmp::Ordered(ha.size().cmp(&hb.size())));
                }
                // Fields are compared first to last: field 0 next, the others pushed last first.
                let size = ha.size() as usize;
                for i in (1..size).rev() {
                    // SAFETY: both blocks have `size` value fields.
                    pending.push(unsafe { (a.field(i), b.field(i)) });
                }
                if size > 0 {
                    // SAFETY: as above.
                    next = Some(unsafe { (a.field(0), b.field(0)) });
                }
            }
        }
    }
    Ok(Cmp::Ordered(Ordering::Equal))
}

fn compare_floats(x: f64, y: f64, total: bool) -> Cmp {
    match x.partial_cmp(&y) {
        Some(o) => Cmp::Ordered(o),
        None if !total => Cmp::Unordered,
        None => Cmp::Ordered(match (x.is_nan(), y.is_nan()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            _ => Ordering::Greater,
        }),
    }
}

/// `compare a b` as an OCaml int (-1, 0 or 1).
pub fn compare(m: &Mutator, a: Value, b: Value) -> RtResult<Value> {
    Ok(match compare_values(m, a, b, true)? {
        Cmp::Ordered(o) => Value::of_int(o as i64),
        Cmp::Unordered => Value::of_int(0),
    })
}

/// The polymorphic comparison operators.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CmpOp {
    /// `=`
    Eq,
    /// `<>`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// `a op b` for a polymorphic comparison operator.
pub fn compare_op(m: &Mutator, op: CmpOp, a: Value, b: Value) -> RtResult<bool> {
    let Cmp::Ordered(o) = compare_values(m, a, b, false)? else {
        return Ok(op == CmpOp::Ne);
    };
    Ok(match op {
        CmpOp::Eq => o.is_eq(),
        CmpOp::Ne => o.is_ne(),
        CmpOp::Lt => o.is_lt(),
        CmpOp::Le => o.is_le(),
        CmpOp::Gt => o.is_gt(),
        CmpOp::Ge => o.is_ge(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alloc::alloc;
    use crate::roots::with_frame;
    use crate::sched::attach;
    use crate::strings::string_from_bytes;
    use crate::value::{NIL, UNIT};

    fn float(m: &mut Mutator, x: f64) -> Value {
        let v = alloc(m, DOUBLE_TAG, 1).unwrap();
        // SAFETY: a float block.
        unsafe { v.set_raw_field(0, x.to_bits()) };
        v
    }

    fn int(n: i64) -> Value {
        Value::of_int(n)
    }

    #[test]
    fn orders_like_ocaml() {
        attach(|m| {
            let c = |m: &Mutator, a, b| compare(m, a, b).unwrap().to_int();
            assert_eq!(c(m, int(-5), int(3)), -1);
            assert_eq!(c(m, int(3), int(3)), 0);
            assert_eq!(c(m, int((1 << 62) - 1), int(-(1 << 62))), 1);
            with_frame(m, [UNIT; 4], |m, s| {
                s.set(0, string_from_bytes(m, b"abc").unwrap());
                s.set(1, string_from_bytes(m, b"abd").unwrap());
                s.set(2, string_from_bytes(m, b"ab").unwrap());
                assert_eq!(c(m, s.get(0), s.get(1)), -1);
                assert_eq!(c(m, s.get(0), s.get(2)), 1, "a prefix is smaller");
                // [1; 2] vs [1; 3] and [] vs a non-empty list.
                let l = |m: &mut Mutator, x: i64, y: i64| {
                    with_frame(m, [UNIT], |m, t| {
                        let tail = alloc(m, 0, 2).unwrap();
                        unsafe {
                            tail.set_field(0, int(y));
                            tail.set_field(1, NIL);
                        }
                        t.set(0, tail);
                        let head = alloc(m, 0, 2).unwrap();
                        unsafe {
                            head.set_field(0, int(x));
                            head.set_field(1, t.get(0));
                        }
                        head
                    })
                };
                s.set(3, l(m, 1, 2));
                let other = l(m, 1, 3);
                assert_eq!(c(m, s.get(3), other), -1);
                assert_eq!(c(m, NIL, s.get(3)), -1, "constant constructors come first");
                assert!(compare_op(m, CmpOp::Eq, s.get(3), s.get(3)).unwrap());
                let same = l(m, 1, 2);
                assert!(compare_op(m, CmpOp::Eq, s.get(3), same).unwrap());
                // Tags order constructors: InjL _ < InjR _.
                let inj_l = alloc(m, 0, 1).unwrap();
                let inj_r = alloc(m, 1, 1).unwrap();
                assert_eq!(c(m, inj_l, inj_r), -1);
            });
        })
        .unwrap();
    }

    #[test]
    fn nan_follows_compare_and_equality_rules() {
        attach(|m| {
            with_frame(m, [UNIT; 2], |m, s| {
                s.set(0, float(m, f64::NAN));
                s.set(1, float(m, 1.0));
                let (nan, one) = (s.get(0), s.get(1));
                assert_eq!(compare(m, nan, nan).unwrap().to_int(), 0);
                assert_eq!(compare(m, nan, one).unwrap().to_int(), -1);
                assert_eq!(compare(m, one, nan).unwrap().to_int(), 1);
                assert!(!compare_op(m, CmpOp::Eq, nan, nan).unwrap());
                assert!(compare_op(m, CmpOp::Ne, nan, nan).unwrap());
                assert!(!compare_op(m, CmpOp::Lt, nan, one).unwrap());
                assert!(!compare_op(m, CmpOp::Ge, nan, one).unwrap());
                let two = float(m, 2.0);
                assert!(compare_op(m, CmpOp::Lt, s.get(1), two).unwrap());
            });
        })
        .unwrap();
    }

    #[test]
    fn functions_and_resources_cannot_be_compared() {
        attach(|m| {
            let f = alloc(m, CLOSURE_TAG, 1).unwrap();
            let e = compare_op(m, CmpOp::Eq, f, f).unwrap_err();
            assert_eq!(e.message, "compare: functional value");
            assert_eq!(
                compare(m, f, f).unwrap().to_int(),
                0,
                "compare stops at physical equality"
            );
            let l = crate::sync::newlock(m).unwrap();
            assert_eq!(
                compare_op(m, CmpOp::Eq, l, l).unwrap_err().message,
                "compare: abstract value"
            );
        })
        .unwrap();
    }
}
