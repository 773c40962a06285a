//! The ranges of the unknown values made on a thread (ints in [min_int, max_int], list lengths
//! in [0, max_int], strings no longer than OCaml allows), as facts that every prover on the
//! thread assumes. They are kept per thread, as Z3's context is, so that a value keeps its
//! range wherever it flows (into a callee, a memoized summary); and as plain bounds, which Z3
//! decides fastest and around which it finds the smallest counterexamples.

use super::int63::{in_range, MAX, MAX_STRING_LENGTH};
use std::cell::RefCell;
use z3::ast::{Bool, Int, String as ZStr};

thread_local! {
    /// The range of each unknown value made on this thread, in creation order.
    static RANGES: RefCell<Vec<Bool>> = const { RefCell::new(Vec::new()) };
}

fn assume(range: Bool) {
    RANGES.with(|r| r.borrow_mut().push(range));
}

/// A fresh unknown int named after `name`.
pub fn int(name: &str) -> Int {
    let v = Int::fresh_const(name);
    assume(in_range(&v));
    v
}

/// A fresh unknown length (of a list) named after `name`.
pub fn length(name: &str) -> Int {
    let v = Int::fresh_const(name);
    assume(Bool::and(&[v.ge(Int::from_i64(0)), v.le(Int::from_i64(MAX))]));
    v
}

/// A fresh unknown string named after `name`.
pub fn string(name: &str) -> ZStr {
    let v = ZStr::fresh_const(name);
    assume(v.length().le(Int::from_i64(MAX_STRING_LENGTH)));
    v
}

/// The ranges of the values made on this thread after the first `from`, and how many values
/// have been made.
pub fn since(from: usize) -> (Vec<Bool>, usize) {
    RANGES.with(|r| {
        let r = r.borrow();
        (r.get(from..).unwrap_or_default().to_vec(), r.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smt::int63::{self, MIN};
    use crate::smt::value::Names;
    use crate::smt::Prover;

    #[test]
    fn a_prover_assumes_the_ranges_of_values_made_before_and_after_it() {
        let x = int("x");
        let mut p = Prover::default();
        let none = Names::default();
        assert!(p.prove(&[], &Bool::and(&[x.ge(Int::from_i64(MIN)), x.le(Int::from_i64(MAX))]), &none).is_proven());
        let n = length("n");
        assert!(p.prove(&[], &n.ge(Int::from_i64(0)), &none).is_proven());
        let s = string("s");
        assert!(p.prove(&[], &s.length().lt(Int::from_i64(MAX)), &none).is_proven());
        assert!(!p.prove(&[], &int63::add(&x, &Int::from_i64(1)).gt(&x), &none).is_proven());
        assert!(!p.prove(&[], &x.lt(Int::from_i64(MAX)), &none).is_proven());
    }
}
