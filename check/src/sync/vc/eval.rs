//! Expressions of the synchronized program as symbolic values: variables read from the
//! state (a member's at its index), data, primitives, matches and quantifiers over sets.

use super::val::Val;
use super::{in_range, unsupported, zero, Exec, Slot};
use crate::sync::error::SyncResult;
use crate::sync::prog::Place;
use anerisc_ir::ir::Key;
use anerisc_ir::prim::Prim;
use crate::smt::int63;
use crate::sync::print::var_text;
use crate::sync::prog::{Expr, NodeRef, Owner, Var};
use std::str::FromStr;
use z3::ast::{exists_const, forall_const, Bool, Int, String as ZStr};

impl Exec<'_> {
    /// `e` as a condition.
    pub(super) fn cond(&mut self, e: &Expr, at: Option<Place>) -> SyncResult<Bool> {
        match self.eval(e, at)? {
            Val::Bool(b) => Ok(b),
            v => Err(unsupported(format!("internal: a condition is {}", v.kind()), at)),
        }
    }

    /// `e` as an integer (an index or a count).
    pub(super) fn int(&mut self, e: &Expr, at: Option<Place>) -> SyncResult<Int> {
        match self.eval(e, at)? {
            Val::Int(i) => Ok(i),
            v => Err(unsupported(format!("internal: an index or count is {}", v.kind()), at)),
        }
    }

    /// The value of `var` here (a member's at the index its owner names).
    fn read(&self, var: &Var, at: Option<Place>) -> SyncResult<Val> {
        let unset = || unsupported(format!("internal: {} is read before it is set", var_text(var)), at);
        match &var.owner {
            Owner::Bound => Ok(Val::Int(self.bound(&var.name, at)?)),
            Owner::Node(n) => self.state.get(&Slot::Node(n.clone(), var.name.clone())).cloned().ok_or_else(unset),
            Owner::Member { set, index } => {
                if self.scopes.iter().any(|s| s.set == *set && s.index != *index && s.written.contains(&var.name)) {
                    return Err(unsupported(format!("not supported yet: {} is read while each member of `{set}` changes its own", var_text(var)), at));
                }
                let member = self.bound(index, at)?;
                let rep = &self.set(set, at)?.rep;
                let v = self.state.get(&Slot::Member(set.clone(), var.name.clone())).ok_or_else(unset)?;
                Ok(v.substitute(rep, &member))
            }
        }
    }

    /// The value of `e` here.
    pub(super) fn eval(&mut self, e: &Expr, at: Option<Place>) -> SyncResult<Val> {
        Ok(match e {
            Expr::Var(v) => self.read(v, at)?,
            Expr::Int(n) => Val::Int(int63::constant(*n)),
            Expr::Bool(b) => Val::Bool(Bool::from_bool(*b)),
            Expr::Str(s) => Val::Str(string(s, at)?),
            Expr::Char(c) => Val::Int(Int::from_i64(i64::from(*c))),
            Expr::Unit => Val::Unit,
            Expr::Ctor(n) => Val::ctor(*n),
            Expr::Make(tag, es) => {
                let fields = es.iter().map(|f| self.eval(f, at)).collect::<Result<Vec<_>, _>>()?;
                Val::block(*tag, fields)
            }
            Expr::Field(b, i) => match self.eval(b, at)? {
                Val::Data { mut fields, .. } if (*i as usize) < fields.len() => fields.swap_remove(*i as usize),
                v => return Err(unsupported(format!("internal: field {i} of {}", v.kind()), at)),
            },
            Expr::Prim(p, args) => {
                let args = args.iter().map(|a| self.eval(a, at)).collect::<Result<Vec<_>, _>>()?;
                prim(*p, &args).ok_or_else(|| unsupported(format!("not supported yet: the primitive `{}` in a verification condition", p.name()), at))?
            }
            Expr::Is(v, key) => {
                let v = self.eval(v, at)?;
                Val::Bool(is(&v, key, at)?)
            }
            Expr::Ite(c, a, b) => {
                let c = self.cond(c, at)?;
                let (a, b) = (self.eval(a, at)?, self.eval(b, at)?);
                Val::ite(&c, &a, &b).map_err(|m| unsupported(format!("not supported yet: {m}"), at))?
            }
            Expr::Arbitrary { what, .. } => return Err(unsupported(format!("internal: an arbitrary value ({what}) inside an expression"), at)),
            Expr::Addr(NodeRef::Node(n)) => match self.prog.nodes.iter().position(|x| x.name == *n) {
                Some(w) => Val::Addr { who: Int::from_i64(w as i64), index: zero() },
                None => return Err(unsupported(format!("internal: no node `{n}`"), at)),
            },
            Expr::Addr(NodeRef::Member(set, i)) => {
                let Some(w) = self.sets.iter().position(|s| s.name == *set) else {
                    return Err(unsupported(format!("internal: no node set `{set}`"), at));
                };
                let index = self.int(i, at)?;
                Val::Addr { who: Int::from_i64((self.prog.nodes.len() + w) as i64), index }
            }
            Expr::SetSize(s) => Val::Int(self.set(s, at)?.size.clone()),
            Expr::Forall { index, set, upto, body } => Val::Bool(self.quantified(true, index, set, upto.as_deref(), body, at)?),
            Expr::Exists { index, set, upto, body } => Val::Bool(self.quantified(false, index, set, upto.as_deref(), body, at)?),
        })
    }

    /// `forall`/`exists index` among the first `upto` (or all) members of `set`.
    fn quantified(&mut self, all: bool, index: &str, set: &str, upto: Option<&Expr>, body: &Expr, at: Option<Place>) -> SyncResult<Bool> {
        let size = self.set(set, at)?.size.clone();
        let q = Int::fresh_const(index);
        let mut range = vec![in_range(&q, &size)];
        if let Some(u) = upto {
            range.push(q.lt(self.int(u, at)?));
        }
        let range = Bool::and(&range);
        self.env.push((index.to_string(), q.clone()));
        let b = self.cond(body, at);
        self.env.pop();
        let b = b?;
        Ok(if all { forall_const(&[&q], &[], &range.implies(&b)) } else { exists_const(&[&q], &[], &Bool::and(&[range, b])) })
    }
}

fn string(bytes: &[u8], at: Option<Place>) -> SyncResult<ZStr> {
    ZStr::from_str(&String::from_utf8_lossy(bytes)).map_err(|_| unsupported("not supported yet: a string with a NUL byte in a verification condition", at))
}

/// Whether `v` matches `key`.
fn is(v: &Val, key: &Key, at: Option<Place>) -> SyncResult<Bool> {
    Ok(match (v, key) {
        (Val::Data { imm, num, .. }, Key::Imm(i)) => Bool::and(&[imm.clone(), num.eq(Int::from_i64(*i))]),
        (Val::Data { imm, num, .. }, Key::Tag(t)) => Bool::and(&[imm.not(), num.eq(Int::from_i64(i64::from(*t)))]),
        (Val::Int(x), Key::Imm(i)) => x.eq(Int::from_i64(*i)),
        (Val::Bool(b), Key::Imm(i)) => {
            if *i == 0 {
                b.not()
            } else {
                b.clone()
            }
        }
        (Val::Unit, Key::Imm(i)) => Bool::from_bool(*i == 0),
        (Val::Str(s), Key::Str(lit)) => s.eq(string(lit, at)?),
        _ => return Err(unsupported(format!("not supported yet: a match of {} in a verification condition", v.kind()), at)),
    })
}

/// A primitive on values: structural (in)equality, the components of a pair, character
/// codes, comparisons of scalars as -1/0/1, and what the session checker's encoding models
/// on scalars.
fn prim(p: Prim, args: &[Val]) -> Option<Val> {
    match (p, args) {
        (Prim::Eq | Prim::StrEqual | Prim::CharEqual, [a, b]) => Some(Val::Bool(a.equal(b).ok()?)),
        (Prim::Ne, [a, b]) => Some(Val::Bool(a.equal(b).ok()?.not())),
        (Prim::Fst | Prim::Snd, [Val::Data { fields, .. }]) => fields.get(usize::from(p == Prim::Snd)).cloned(),
        (Prim::IntOfChar, [c @ Val::Int(_)]) => Some(c.clone()),
        (Prim::Compare | Prim::StrCompare | Prim::CharCompare, [a, b]) => {
            let (a, b) = (a.scalar()?, b.scalar()?);
            let less = crate::smt::prim::compare("<", &a, &b)?;
            let same = a.equal(&b)?;
            let n = Int::from_i64;
            Some(Val::Int(less.ite(&n(-1), &same.ite(&n(0), &n(1)))))
        }
        (Prim::StringOfBool, [Val::Bool(b)]) => Some(Val::Str(b.ite(&ZStr::from_str("true").ok()?, &ZStr::from_str("false").ok()?))),
        _ => {
            let scalars = args.iter().map(Val::scalar).collect::<Option<Vec<_>>>()?;
            Val::of_scalar(crate::smt::prim::apply(p, &scalars)?)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smt::value::Names;
    use crate::smt::Prover;

    fn valid(b: Bool) -> bool {
        Prover::default().prove(&[], &b, &Names::default()).is_proven()
    }

    fn int(v: Option<Val>) -> Int {
        match v {
            Some(Val::Int(i)) => i,
            other => panic!("an int, not {other:?}"),
        }
    }

    #[test]
    fn compare_gives_minus_one_zero_or_one() {
        let x = Int::fresh_const("x");
        let c = int(prim(Prim::Compare, &[Val::Int(x.clone()), Val::Int(Int::from_i64(3))]));
        assert!(valid(x.lt(Int::from_i64(3)).implies(c.eq(Int::from_i64(-1)))));
        assert!(valid(x.eq(Int::from_i64(3)).implies(c.eq(Int::from_i64(0)))));
        assert!(!valid(c.eq(Int::from_i64(1))));
        let s = |t: &str| Val::Str(ZStr::from_str(t).unwrap());
        assert!(valid(int(prim(Prim::StrCompare, &[s("ab"), s("b")])).eq(Int::from_i64(-1))));
        assert!(prim(Prim::Compare, &[Val::ctor(0), Val::ctor(1)]).is_none());
    }
}
