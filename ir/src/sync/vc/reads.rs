//! The variables an expression reads.

use crate::sync::prog::{Expr, NodeRef, Var};

/// The variables `e` reads (node, member and bound ones), each once, in order.
pub fn vars_read(e: &Expr) -> Vec<Var> {
    let mut out = Vec::new();
    collect(e, &mut out);
    out
}

fn collect(e: &Expr, out: &mut Vec<Var>) {
    match e {
        Expr::Var(v) => {
            if !out.contains(v) {
                out.push(v.clone());
            }
        }
        Expr::Int(_) | Expr::Bool(_) | Expr::Str(_) | Expr::Char(_) | Expr::Unit | Expr::Ctor(_) | Expr::Arbitrary { .. } | Expr::SetSize(_) => {}
        Expr::Addr(NodeRef::Node(_)) => {}
        Expr::Addr(NodeRef::Member(_, i)) => collect(i, out),
        Expr::Make(_, es) | Expr::Prim(_, es) => es.iter().for_each(|x| collect(x, out)),
        Expr::Field(x, _) | Expr::Is(x, _) => collect(x, out),
        Expr::Ite(c, a, b) => {
            collect(c, out);
            collect(a, out);
            collect(b, out);
        }
        Expr::Forall { upto, body, .. } | Expr::Exists { upto, body, .. } => {
            if let Some(u) = upto {
                collect(u, out);
            }
            collect(body, out);
        }
    }
}
