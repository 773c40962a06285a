//! Smart constructors for [`Expr`]: they fold what is already known (a test of a literal, a
//! field of a block just built, `true && c`), so the process programs extraction makes stay
//! readable and Z3 sees fewer terms.

use super::prog::Expr;
use anerisc_ir::ir::Key;
use anerisc_ir::prim::Prim;

/// `a && b`.
pub fn and(a: Expr, b: Expr) -> Expr {
    match (a, b) {
        (Expr::Bool(true), x) | (x, Expr::Bool(true)) => x,
        (Expr::Bool(false), _) | (_, Expr::Bool(false)) => Expr::Bool(false),
        (a, b) => ite(a, b, Expr::Bool(false)),
    }
}

/// `not a`.
pub fn not(a: Expr) -> Expr {
    match a {
        Expr::Bool(b) => Expr::Bool(!b),
        Expr::Prim(Prim::Not, mut args) if args.len() == 1 => args.remove(0),
        a => Expr::Prim(Prim::Not, vec![a]),
    }
}

/// `if c then a else b`.
pub fn ite(c: Expr, a: Expr, b: Expr) -> Expr {
    match c {
        _ if a == b => a,
        Expr::Bool(true) => a,
        Expr::Bool(false) => b,
        // `c || not c` and `not c || c`: where the two arms of a branch meet again.
        c if a == Expr::Bool(true) && (not(c.clone()) == b || not(b.clone()) == c) => Expr::Bool(true),
        c => Expr::Ite(Box::new(c), Box::new(a), Box::new(b)),
    }
}

/// Field `i` of `e`.
pub fn field(e: Expr, i: u32) -> Expr {
    match e {
        Expr::Make(_, mut fields) if (i as usize) < fields.len() => fields.swap_remove(i as usize),
        Expr::Ite(c, a, b) => ite(*c, field(*a, i), field(*b, i)),
        e => Expr::Field(Box::new(e), i),
    }
}

/// Whether `e` matches `key`, folded when `e` is a literal or a block.
pub fn is(e: Expr, key: &Key) -> Expr {
    match (&e, key) {
        (Expr::Int(n) | Expr::Ctor(n), Key::Imm(k)) => Expr::Bool(n == k),
        (Expr::Char(c), Key::Imm(k)) => Expr::Bool(i64::from(*c) == *k),
        (Expr::Bool(b), Key::Imm(k)) => Expr::Bool(i64::from(*b) == *k),
        (Expr::Ctor(_), Key::Tag(_)) | (Expr::Make(..), Key::Imm(_)) => Expr::Bool(false),
        (Expr::Make(t, _), Key::Tag(k)) => Expr::Bool(t == k),
        (Expr::Str(s), Key::Str(k)) => Expr::Bool(s == k),
        _ => Expr::Is(Box::new(e), key.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_tests_and_fields_fold() {
        let vote = Expr::Make(0, vec![Expr::Bool(true)]);
        assert_eq!(is(vote.clone(), &Key::Tag(0)), Expr::Bool(true));
        assert_eq!(is(vote.clone(), &Key::Imm(0)), Expr::Bool(false));
        assert_eq!(field(vote, 0), Expr::Bool(true));
        let c = Expr::Var(super::super::prog::Var { owner: super::super::prog::Owner::Bound, name: "c".into() });
        assert_eq!(and(Expr::Bool(true), c.clone()), c);
        assert_eq!(not(not(c.clone())), c);
        assert_eq!(ite(not(c.clone()), Expr::Bool(true), c.clone()), Expr::Bool(true), "the two arms of a branch meet again");
    }
}
