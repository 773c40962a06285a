//! Loop temporaries: a node's variables that a loop's body sets before it reads them (a
//! received message, a `let` in the body), so no iteration sees another's value and the loop
//! needs no invariant about them.

use crate::sync::prog::{Expr, Stmt, Var};

/// The first of `vars` that `body` may read before setting it in the same iteration. Sets
/// inside a nested loop do not count (the nested loop may run no iteration).
pub fn read_before_set<'v>(body: &[Stmt], vars: &'v [Var]) -> Option<&'v Var> {
    let mut set: Vec<&Var> = Vec::new();
    first_unset_read(body, vars, &mut set)
}

fn first_unset_read<'v>(body: &[Stmt], vars: &'v [Var], set: &mut Vec<&'v Var>) -> Option<&'v Var> {
    let unset_in = |e: &Expr, set: &[&Var]| {
        let read = e.vars_read();
        vars.iter().find(|v| !set.contains(v) && read.contains(v))
    };
    for s in body {
        match s {
            Stmt::Assign { var, value, .. } => {
                if let Some(v) = unset_in(value, set) {
                    return Some(v);
                }
                set.extend(vars.iter().filter(|v| *v == var));
            }
            Stmt::Deliver { msg, sender, .. } => {
                if let Some(v) = unset_in(&msg.1, set).or_else(|| unset_in(&sender.1, set)) {
                    return Some(v);
                }
                set.extend(vars.iter().filter(|v| **v == msg.0 || **v == sender.0));
            }
            Stmt::Send { to, msg, .. } => {
                if let Some(v) = unset_in(to, set).or_else(|| unset_in(msg, set)) {
                    return Some(v);
                }
            }
            Stmt::Recv { msg, sender, .. } => set.extend(vars.iter().filter(|v| *v == msg || *v == sender)),
            Stmt::Assert { cond, .. } => {
                if let Some(v) = unset_in(cond, set) {
                    return Some(v);
                }
            }
            Stmt::Each { body, invariant, .. } => {
                if let Some(v) = invariant.as_ref().and_then(|i| unset_in(&i.cond, set)) {
                    return Some(v);
                }
                let mut inner = set.clone();
                if let Some(v) = first_unset_read(body, vars, &mut inner) {
                    return Some(v);
                }
            }
            Stmt::All { body, .. } => {
                let mut inner = set.clone();
                if let Some(v) = first_unset_read(body, vars, &mut inner) {
                    return Some(v);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use anerisc_ir::prim::Prim;
    use crate::sync::prog::Owner;

    fn coord(x: &str) -> Var {
        Var { owner: Owner::Node("coord".into()), name: x.into() }
    }

    fn assign(var: Var, value: Expr) -> Stmt {
        Stmt::Assign { var, value, at: None }
    }

    #[test]
    fn a_variable_set_before_it_is_read_is_a_temporary() {
        let (m, n) = (coord("m"), coord("n"));
        let vars = [m.clone(), n.clone()];
        let body = vec![
            assign(m.clone(), Expr::Int(1)),
            assign(n.clone(), Expr::Prim(Prim::AddInt, vec![Expr::Var(n.clone()), Expr::Var(m.clone())])),
        ];
        assert_eq!(read_before_set(&body, &vars), Some(&n));
        assert_eq!(read_before_set(&body[..1], &vars), None);
        // Set only in a nested loop, then read: the nested loop may not have run.
        let nested = vec![
            Stmt::All { index: "i".into(), set: "parts".into(), body: vec![assign(m.clone(), Expr::Int(1))] },
            Stmt::Assert { cond: Expr::Var(m.clone()), what: "assert".into(), at: None },
        ];
        assert_eq!(read_before_set(&nested, &vars), Some(&m));
    }
}
