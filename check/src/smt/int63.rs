//! OCaml's 63-bit ints on Z3's unbounded integers: the ints the encodings make lie in
//! [`MIN`, `MAX`] (unknown ones by their ranges, results by wrapping; the exceptions never
//! show on a run: a quotient by 0, where OCaml raises, and the length of a string, which is
//! never longer than [`MAX_STRING_LENGTH`]), and the arithmetic wraps modulo 2^63 exactly as
//! OCaml's does (`max_int + 1 = min_int`), while staying linear wherever the operation is
//! (`+`, `-`, `~-`, multiplication by a constant).

use z3::ast::{Bool, Int, String as ZStr};

/// `max_int`, 2^62 - 1.
pub const MAX: i64 = (1 << 62) - 1;

/// `min_int`, -2^62.
pub const MIN: i64 = -(1 << 62);

/// `Sys.max_string_length` on a 64-bit machine: no OCaml string is longer.
pub const MAX_STRING_LENGTH: i64 = (1 << 57) - 9;

/// 2^63, the modulus of the wrapping.
fn modulus() -> Int {
    Int::from_u64(1 << 63)
}

/// The int a 64-bit constant is as a 63-bit one (its bit 62 is the sign): the literal
/// `4611686018427387904`, which only `-` may precede, is `min_int`.
pub fn constant(n: i64) -> Int {
    Int::from_i64((n << 1) >> 1)
}

/// Whether `x` lies in [`MIN`, `MAX`].
pub fn in_range(x: &Int) -> Bool {
    Bool::and(&[x.ge(Int::from_i64(MIN)), x.le(Int::from_i64(MAX))])
}

/// An int made of the unconstrained `raw`, for a term over which no fact can be assumed (a
/// function of a member's index): `raw` where it lies in the range, 0 elsewhere, so the value
/// is always an OCaml int and can be every one. (Unknown constants are bounded by facts
/// instead: [`super::ranges`].)
pub fn bounded(raw: &Int) -> Int {
    in_range(raw).ite(raw, &Int::from_i64(0))
}

/// A string made of the unconstrained `raw`, as [`bounded`]: no longer than OCaml allows.
pub fn bounded_string(raw: &ZStr) -> ZStr {
    raw.length().le(Int::from_i64(MAX_STRING_LENGTH)).ite(raw, &ZStr::from(""))
}

/// `x` modulo 2^63 into the range, for an `x` in [`MIN` - 2^63, `MAX` + 2^63] (a sum or
/// difference of two ints, an int times -2 to 2): one subtraction or addition of 2^63 at
/// most, no division.
fn wrap_once(x: Int) -> Int {
    let above = x.gt(Int::from_i64(MAX));
    let below = x.lt(Int::from_i64(MIN));
    let down = Int::sub(&[x.clone(), modulus()]);
    let up = Int::add(&[x.clone(), modulus()]);
    above.ite(&down, &below.ite(&up, &x))
}

/// Any `x` modulo 2^63 into the range: `x - 2^63 * ((x + 2^62) div 2^63)`.
fn wrap(x: Int) -> Int {
    let shifted = Int::sub(&[x.clone(), Int::from_i64(MIN)]);
    Int::sub(&[x, Int::mul(&[modulus(), shifted.div(modulus())])])
}

/// `a + b`.
pub fn add(a: &Int, b: &Int) -> Int {
    wrap_once(Int::add(&[a.clone(), b.clone()]))
}

/// `a - b`.
pub fn sub(a: &Int, b: &Int) -> Int {
    wrap_once(Int::sub(&[a.clone(), b.clone()]))
}

/// `~- a` (`~- min_int = min_int`).
pub fn neg(a: &Int) -> Int {
    wrap_once(a.unary_minus())
}

/// `a * b`. A product by a constant from -2 to 2 (`2 * k`) wraps as a sum does, so that Z3
/// sees at once that it equals `k + k`; any other needs a division by 2^63.
pub fn mul(a: &Int, b: &Int) -> Int {
    let product = Int::mul(&[a.clone(), b.clone()]);
    let small = |x: &Int| x.as_i64().is_some_and(|c| (-2..=2).contains(&c));
    if small(a) || small(b) {
        wrap_once(product)
    } else {
        wrap(product)
    }
}

/// `abs a` (`abs min_int = min_int`).
pub fn abs(a: &Int) -> Int {
    a.ge(Int::from_i64(0)).ite(a, &neg(a))
}

/// `a / b`, rounded towards zero (`min_int / -1 = min_int`). For `b = 0` OCaml raises
/// `Division_by_zero`, so no run goes on with the value: it is left unspecified.
pub fn div(a: &Int, b: &Int) -> Int {
    wrap_once(truncated(a, b))
}

/// `a mod b`, of the sign of `a` (exact without wrapping: smaller than `b` in magnitude).
/// Unspecified for `b = 0`, as [`div`].
pub fn rem(a: &Int, b: &Int) -> Int {
    Int::sub(&[a.clone(), Int::mul(&[b.clone(), truncated(a, b)])])
}

/// The mathematical quotient `a / b` rounded towards zero.
fn truncated(a: &Int, b: &Int) -> Int {
    let zero = Int::from_i64(0);
    let abs = |x: &Int| x.ge(&zero).ite(x, &x.unary_minus());
    let q = abs(a).div(abs(b));
    a.ge(&zero).iff(b.ge(&zero)).ite(&q, &q.unary_minus())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smt::value::Names;
    use crate::smt::Prover;

    fn holds(b: &Bool) -> bool {
        Prover::default().prove(&[], b, &Names::default()).is_proven()
    }

    fn n(i: i64) -> Int {
        Int::from_i64(i)
    }

    #[test]
    fn arithmetic_wraps_at_the_ends_of_the_range() {
        assert!(holds(&add(&n(MAX), &n(1)).eq(n(MIN))));
        assert!(holds(&sub(&n(MIN), &n(1)).eq(n(MAX))));
        assert!(holds(&neg(&n(MIN)).eq(n(MIN))));
        assert!(holds(&abs(&n(MIN)).eq(n(MIN))));
        assert!(holds(&mul(&n(MAX), &n(2)).eq(n(-2))));
        assert!(holds(&mul(&n(MIN), &n(-2)).eq(n(0))));
        assert!(holds(&mul(&n(MIN), &n(-1)).eq(n(MIN))));
        assert!(holds(&mul(&n(MAX), &n(3)).eq(n(MAX - 2))));
        assert!(holds(&mul(&n(MAX), &n(MAX)).eq(n(1))));
        assert!(holds(&div(&n(MIN), &n(-1)).eq(n(MIN))));
        assert!(holds(&rem(&n(MIN), &n(-1)).eq(n(0))));
        assert!(holds(&constant(1 << 62).eq(n(MIN))));
        assert!(holds(&add(&n(40), &n(2)).eq(n(42))));
    }

    #[test]
    fn the_successor_is_not_always_greater() {
        let x = bounded(&Int::fresh_const("x"));
        let succ = add(&x, &n(1));
        assert!(!holds(&succ.gt(&x)));
        assert!(holds(&x.lt(n(MAX)).implies(succ.gt(&x))));
        let doubled = mul(&n(2), &x);
        assert!(!holds(&doubled.ge(&x).iff(x.ge(n(0)))));
        assert!(holds(&rem(&doubled, &n(2)).eq(n(0))));
        assert!(holds(&doubled.eq(add(&x, &x))));
        let tripled = mul(&x, &n(3));
        assert!(holds(&tripled.eq(add(&doubled, &x))));
        assert!(holds(&in_range(&tripled)));
    }

    #[test]
    fn bounded_values_are_in_range_and_can_be_any() {
        let x = bounded(&Int::fresh_const("x"));
        assert!(holds(&in_range(&x)));
        assert!(!holds(&x.lt(n(MAX))));
        assert!(!holds(&x.gt(n(MIN))));
        let y = bounded(&Int::fresh_const("y"));
        for r in [add(&x, &y), sub(&x, &y), mul(&x, &y), neg(&x), abs(&x)] {
            assert!(holds(&in_range(&r)));
        }
        let s = bounded_string(&ZStr::fresh_const("s"));
        assert!(holds(&s.length().le(n(MAX_STRING_LENGTH))));
    }

    #[test]
    fn division_truncates_like_ocaml() {
        assert!(holds(&div(&n(-7), &n(2)).eq(n(-3))));
        assert!(holds(&rem(&n(-7), &n(2)).eq(n(-1))));
        assert!(holds(&div(&n(7), &n(-2)).eq(n(-3))));
        assert!(holds(&rem(&n(7), &n(-2)).eq(n(1))));
        assert!(!holds(&div(&n(-7), &n(2)).eq(n(-4))));
    }
}
