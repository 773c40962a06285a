//! Symbolic values of the synchronized program: Z3 terms in the shape of the value, so that
//! an `if` between two constructors merges field by field and equality is structural.

use crate::smt::int63;
use crate::smt::value::SVal;
use std::str::FromStr;
use z3::ast::{Ast, Bool, Int, String as ZStr};
use z3::{FuncDecl, Sort};

/// A symbolic value.
#[derive(Debug, Clone)]
pub enum Val {
    /// An OCaml int (in [min_int, max_int], its arithmetic wrapping) or a character (its code).
    Int(Int),
    /// A boolean.
    Bool(Bool),
    /// A string.
    Str(ZStr),
    /// `()`.
    Unit,
    /// A constant constructor (`imm`, numbered `num`) or a block (tag `num`, its fields).
    /// Fields past the constructor's own are padding whose value is fixed by their shape, so
    /// structural equality stays exact after a merge of constructors of different sizes.
    Data {
        /// True for a constant constructor.
        imm: Bool,
        /// The constructor's number or the block's tag.
        num: Int,
        /// The fields.
        fields: Vec<Val>,
    },
    /// A node's address: `who` numbers the node or set, `index` the member (0 for a node).
    Addr {
        /// The node's or set's number.
        who: Int,
        /// The member's index.
        index: Int,
    },
}

/// Makes fresh terms: constants, or functions of a member's index applied to it.
pub struct Fresh {
    count: u32,
}

impl Fresh {
    /// A maker of fresh terms.
    pub fn new() -> Fresh {
        Fresh { count: 0 }
    }

    /// A fresh term of `sort` named after `name`: a function of the indexes `over` applied to
    /// them (so that every member, or every iteration run for a representative, has its own).
    fn term(&mut self, name: &str, sort: &Sort, over: &[Int]) -> z3::ast::Dynamic {
        self.count += 1;
        let domain: Vec<Sort> = over.iter().map(|_| Sort::int()).collect();
        let domain: Vec<&Sort> = domain.iter().collect();
        let args: Vec<&dyn Ast> = over.iter().map(|i| i as &dyn Ast).collect();
        FuncDecl::new(format!("{name}!{}", self.count), &domain, sort).apply(&args)
    }

    /// A fresh OCaml int (in [min_int, max_int]).
    pub fn int(&mut self, name: &str, over: &[Int]) -> Int {
        int63::bounded(&self.number(name, over))
    }

    /// A fresh unbounded integer: a constructor's number, a node's number or index.
    fn number(&mut self, name: &str, over: &[Int]) -> Int {
        self.term(name, &Sort::int(), over).as_int().unwrap_or_else(|| Int::fresh_const(name))
    }

    /// A fresh boolean.
    pub fn bool(&mut self, name: &str, over: &[Int]) -> Bool {
        self.term(name, &Sort::bool(), over).as_bool().unwrap_or_else(|| Bool::fresh_const(name))
    }

    /// A fresh string (no longer than OCaml allows).
    pub fn str(&mut self, name: &str, over: &[Int]) -> ZStr {
        int63::bounded_string(&self.term(name, &Sort::string(), over).as_string().unwrap_or_else(|| ZStr::fresh_const(name)))
    }

    /// A fresh value of the same shape as `like`.
    pub fn like(&mut self, like: &Val, name: &str, over: &[Int]) -> Val {
        match like {
            Val::Int(_) => Val::Int(self.int(name, over)),
            Val::Bool(_) => Val::Bool(self.bool(name, over)),
            Val::Str(_) => Val::Str(self.str(name, over)),
            Val::Unit => Val::Unit,
            Val::Data { fields, .. } => Val::Data {
                imm: self.bool(name, over),
                num: self.number(name, over),
                fields: fields.iter().map(|f| self.like(f, name, over)).collect(),
            },
            Val::Addr { .. } => Val::Addr { who: self.number(name, over), index: self.number(name, over) },
        }
    }
}

impl Default for Fresh {
    fn default() -> Fresh {
        Fresh::new()
    }
}

impl Val {
    /// A constant constructor.
    pub fn ctor(n: i64) -> Val {
        Val::Data { imm: Bool::from_bool(true), num: Int::from_i64(n), fields: Vec::new() }
    }

    /// A block.
    pub fn block(tag: u32, fields: Vec<Val>) -> Val {
        Val::Data { imm: Bool::from_bool(false), num: Int::from_i64(i64::from(tag)), fields }
    }

    /// The value with `from` replaced by `to` in every term (reading another member's copy).
    pub fn substitute(&self, from: &Int, to: &Int) -> Val {
        let pair = [(from, to)];
        match self {
            Val::Int(i) => Val::Int(i.substitute(&pair)),
            Val::Bool(b) => Val::Bool(b.substitute(&pair)),
            Val::Str(s) => Val::Str(s.substitute(&pair)),
            Val::Unit => Val::Unit,
            Val::Data { imm, num, fields } => Val::Data {
                imm: imm.substitute(&pair),
                num: num.substitute(&pair),
                fields: fields.iter().map(|f| f.substitute(from, to)).collect(),
            },
            Val::Addr { who, index } => Val::Addr { who: who.substitute(&pair), index: index.substitute(&pair) },
        }
    }

    /// A value of the same shape whose every term is a fixed constant (the padding of fields).
    fn padding(&self) -> Val {
        match self {
            Val::Int(_) => Val::Int(Int::from_i64(0)),
            Val::Bool(_) => Val::Bool(Bool::from_bool(false)),
            Val::Str(_) => Val::Str(ZStr::from_str("").unwrap_or_else(|_| ZStr::fresh_const("padding"))),
            Val::Unit => Val::Unit,
            Val::Data { fields, .. } => Val::Data {
                imm: Bool::from_bool(true),
                num: Int::from_i64(0),
                fields: fields.iter().map(Val::padding).collect(),
            },
            Val::Addr { .. } => Val::Addr { who: Int::from_i64(-1), index: Int::from_i64(0) },
        }
    }

    /// `if c then a else b`; an error names the two shapes when they cannot be merged.
    pub fn ite(c: &Bool, a: &Val, b: &Val) -> Result<Val, String> {
        Ok(match (a, b) {
            (Val::Int(x), Val::Int(y)) => Val::Int(c.ite(x, y)),
            (Val::Bool(x), Val::Bool(y)) => Val::Bool(c.ite(x, y)),
            (Val::Str(x), Val::Str(y)) => Val::Str(c.ite(x, y)),
            (Val::Unit, Val::Unit) => Val::Unit,
            (Val::Data { imm: i, num: n, fields: f }, Val::Data { imm: j, num: m, fields: g }) => {
                let mut fields = Vec::new();
                for k in 0..f.len().max(g.len()) {
                    fields.push(match (f.get(k), g.get(k)) {
                        (Some(x), Some(y)) => Val::ite(c, x, y)?,
                        (Some(x), None) => Val::ite(c, x, &x.padding())?,
                        (None, Some(y)) => Val::ite(c, &y.padding(), y)?,
                        (None, None) => break,
                    });
                }
                Val::Data { imm: c.ite(i, j), num: c.ite(n, m), fields }
            }
            (Val::Addr { who: w, index: i }, Val::Addr { who: v, index: j }) => Val::Addr { who: c.ite(w, v), index: c.ite(i, j) },
            _ => return Err(format!("an `if` between {} and {}", a.kind(), b.kind())),
        })
    }

    /// Structural equality; an error names the two shapes when they cannot be compared.
    pub fn equal(&self, other: &Val) -> Result<Bool, String> {
        Ok(match (self, other) {
            (Val::Int(x), Val::Int(y)) => x.eq(y),
            (Val::Bool(x), Val::Bool(y)) => x.iff(y),
            (Val::Str(x), Val::Str(y)) => x.eq(y),
            (Val::Unit, Val::Unit) => Bool::from_bool(true),
            (Val::Data { imm: i, num: n, fields: f }, Val::Data { imm: j, num: m, fields: g }) => {
                let mut parts = vec![i.iff(j), n.eq(m)];
                for (x, y) in f.iter().zip(g) {
                    parts.push(x.equal(y)?);
                }
                Bool::and(&parts)
            }
            (Val::Addr { who: w, index: i }, Val::Addr { who: v, index: j }) => Bool::and(&[w.eq(v), i.eq(j)]),
            _ => return Err(format!("a comparison of {} with {}", self.kind(), other.kind())),
        })
    }

    /// The value as the session checker's scalar, for its primitives.
    pub fn scalar(&self) -> Option<SVal> {
        Some(match self {
            Val::Int(i) => SVal::Int(i.clone()),
            Val::Bool(b) => SVal::Bool(b.clone()),
            Val::Str(s) => SVal::Str(s.clone()),
            Val::Unit => SVal::Unit,
            _ => return None,
        })
    }

    /// The session checker's scalar as a value.
    pub fn of_scalar(v: SVal) -> Option<Val> {
        Some(match v {
            SVal::Int(i) => Val::Int(i),
            SVal::Bool(b) => Val::Bool(b),
            SVal::Str(s) => Val::Str(s),
            SVal::Unit => Val::Unit,
            _ => return None,
        })
    }

    /// What kind of value it is, in words.
    pub fn kind(&self) -> &'static str {
        match self {
            Val::Int(_) => "an int",
            Val::Bool(_) => "a bool",
            Val::Str(_) => "a string",
            Val::Unit => "()",
            Val::Data { .. } => "a constructor or block",
            Val::Addr { .. } => "an address",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smt::value::Names;
    use crate::smt::Prover;

    fn valid(b: &Bool) -> bool {
        Prover::default().prove(&[], b, &Names::default()).is_proven()
    }

    #[test]
    fn merged_constructors_compare_exactly() {
        let c = Bool::fresh_const("c");
        let x = Int::fresh_const("x");
        let y = Int::fresh_const("y");
        let short = Val::block(0, vec![Val::Int(x.clone())]);
        let long = Val::block(1, vec![Val::Int(y.clone()), Val::Bool(Bool::from_bool(true))]);
        let a = Val::ite(&c, &short, &long).unwrap();
        let b = Val::ite(&c, &short, &long).unwrap();
        assert!(valid(&a.equal(&b).unwrap()));
        // Under `c` the merged value is the short block, whatever the long one's fields are.
        let d = Bool::fresh_const("d");
        let other = Val::ite(&d, &short, &Val::block(1, vec![Val::Int(x.clone()), Val::Bool(Bool::from_bool(false))])).unwrap();
        assert!(valid(&Bool::and(&[c.clone(), d.clone()]).implies(a.equal(&other).unwrap())));
        assert!(!valid(&a.equal(&other).unwrap()));
        assert!(Val::ite(&c, &Val::Unit, &Val::ctor(0)).is_err());
    }

    #[test]
    fn a_member_term_read_at_another_index() {
        let mut fresh = Fresh::new();
        let rep = Int::fresh_const("i");
        let v = Val::Int(fresh.int("vote", std::slice::from_ref(&rep)));
        let at = |k: i64| v.substitute(&rep, &Int::from_i64(k));
        assert!(valid(&at(1).equal(&at(1)).unwrap()));
        assert!(!valid(&at(1).equal(&at(2)).unwrap()));
    }
}
