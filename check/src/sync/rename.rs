//! Renaming a set member's index: the representative member's statements, written for index
//! `p` of the launcher, are placed in a node's loop whose index is `q` (docs/verification.md).

use super::prog::{Expr, Invariant, NodeRef, Owner, Stmt, Var};

/// How to rename: the set, the index the statements use, and the one they must use.
pub struct MemberIndex<'a> {
    /// The set.
    pub set: &'a str,
    /// The index the statements use.
    pub from: &'a str,
    /// The index they must use.
    pub to: &'a str,
}

impl MemberIndex<'_> {
    fn owner(&self, o: &Owner) -> Owner {
        match o {
            Owner::Member { set, index } if set == self.set && index == self.from => Owner::Member { set: set.clone(), index: self.to.to_string() },
            other => other.clone(),
        }
    }

    fn var(&self, v: &Var) -> Var {
        match &v.owner {
            Owner::Bound if v.name == self.from => Var { owner: Owner::Bound, name: self.to.to_string() },
            o => Var { owner: self.owner(o), name: v.name.clone() },
        }
    }

    /// `e` with the index renamed.
    pub fn expr(&self, e: &Expr) -> Expr {
        let b = |x: &Expr| Box::new(self.expr(x));
        match e {
            Expr::Var(v) => Expr::Var(self.var(v)),
            Expr::Make(t, fs) => Expr::Make(*t, fs.iter().map(|f| self.expr(f)).collect()),
            Expr::Field(x, i) => Expr::Field(b(x), *i),
            Expr::Prim(p, args) => Expr::Prim(*p, args.iter().map(|a| self.expr(a)).collect()),
            Expr::Is(x, k) => Expr::Is(b(x), k.clone()),
            Expr::Ite(c, x, y) => Expr::Ite(b(c), b(x), b(y)),
            Expr::Addr(NodeRef::Member(s, i)) => Expr::Addr(NodeRef::Member(s.clone(), b(i))),
            Expr::Forall { index, set, upto, body } => Expr::Forall { index: index.clone(), set: set.clone(), upto: upto.as_ref().map(|u| b(u)), body: b(body) },
            Expr::Exists { index, set, upto, body } => Expr::Exists { index: index.clone(), set: set.clone(), upto: upto.as_ref().map(|u| b(u)), body: b(body) },
            other => other.clone(),
        }
    }

    /// `s` with the index renamed.
    pub fn stmt(&self, s: &Stmt) -> Stmt {
        match s {
            Stmt::Assign { var, value, at } => Stmt::Assign { var: self.var(var), value: self.expr(value), at: *at },
            Stmt::Send { from, to, msg, at } => Stmt::Send { from: self.owner(from), to: self.expr(to), msg: self.expr(msg), at: *at },
            Stmt::Recv { node, msg, sender, at } => Stmt::Recv { node: self.owner(node), msg: self.var(msg), sender: self.var(sender), at: *at },
            Stmt::Deliver { msg, sender, send_at, recv_at } => Stmt::Deliver {
                msg: (self.var(&msg.0), self.expr(&msg.1)),
                sender: (self.var(&sender.0), self.expr(&sender.1)),
                send_at: *send_at,
                recv_at: *recv_at,
            },
            Stmt::Assert { cond, what, at } => Stmt::Assert { cond: self.expr(cond), what: what.clone(), at: *at },
            Stmt::Each { index, set, body, invariant, at } => Stmt::Each {
                index: index.clone(),
                set: set.clone(),
                body: body.iter().map(|s| self.stmt(s)).collect(),
                invariant: invariant.as_ref().map(|i| Invariant { count: i.count.clone(), cond: self.expr(&i.cond), at: i.at }),
                at: *at,
            },
            Stmt::All { index, set, body } => Stmt::All { index: index.clone(), set: set.clone(), body: body.iter().map(|s| self.stmt(s)).collect() },
        }
    }
}
