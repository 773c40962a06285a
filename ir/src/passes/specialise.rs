//! The pass `specialise`: partial applications of known functions, specialised as
//! `ocamlopt` does: `apply f a1..ak` where `f` is known to be the closure of a small function
//! `F` without environment, of arity greater than `k`, becomes a closure of a copy of `F`
//! whose first `k` parameters are its environment. Applying that closure later runs `F`'s
//! body at once, where a generic partial application would go through a stub jumping to
//! `F`'s code.

use crate::ir::*;
use std::collections::HashMap;

/// Functions with more instructions than this are not copied.
const MAX_COPIED_INSTS: usize = 40;

/// `p` with its partial applications of known small functions specialised.
pub fn specialise_partial_applications(p: &Program) -> Program {
    let known = known_globals(p);
    let mut out = p.clone();
    let mut copies: HashMap<(FuncId, usize), FuncId> = HashMap::new();
    for fi in 0..p.functions.len() {
        for bi in 0..p.functions[fi].blocks.len() {
            for ii in 0..p.functions[fi].blocks[bi].insts.len() {
                let f = &p.functions[fi];
                let InstKind::Apply(fv, args) = &f.blocks[bi].insts[ii].kind else { continue };
                let Some(target) = closure_of(f, *fv, &known) else { continue };
                if !copyable(p.func(target), args.len()) {
                    continue;
                }
                let copy = *copies.entry((target, args.len())).or_insert_with(|| {
                    out.functions.push(with_env_params(p.func(target), args.len()));
                    FuncId(out.functions.len() as u32 - 1)
                });
                out.functions[fi].blocks[bi].insts[ii].kind = InstKind::Closure(copy, args.clone());
            }
        }
    }
    out
}

/// Globals set exactly once, to the closure of a function without environment.
fn known_globals(p: &Program) -> HashMap<GlobalId, FuncId> {
    let mut sets: HashMap<GlobalId, Option<FuncId>> = HashMap::new();
    for f in &p.functions {
        for inst in f.blocks.iter().flat_map(|b| &b.insts) {
            if let InstKind::SetGlobal(g, v) = &inst.kind {
                let closure = static_closure(f, *v);
                sets.entry(*g).and_modify(|s| *s = None).or_insert(closure);
            }
        }
    }
    sets.into_iter().filter_map(|(g, f)| Some((g, f?))).collect()
}

/// The function whose closure without environment `v` holds, when `f` defines `v` so.
fn static_closure(f: &Function, v: Var) -> Option<FuncId> {
    f.blocks.iter().flat_map(|b| &b.insts).find(|i| i.dest == Some(v)).and_then(|i| match &i.kind {
        InstKind::Closure(g, caps) if caps.is_empty() => Some(*g),
        _ => None,
    })
}

/// The function whose closure `v` holds, when `f` defines it from a known global or as a
/// closure without environment.
fn closure_of(f: &Function, v: Var, known: &HashMap<GlobalId, FuncId>) -> Option<FuncId> {
    f.blocks.iter().flat_map(|b| &b.insts).find(|i| i.dest == Some(v)).and_then(|i| match &i.kind {
        InstKind::Global(g) => known.get(g).copied(),
        InstKind::Closure(g, caps) if caps.is_empty() => Some(*g),
        _ => None,
    })
}

/// True when `target` applied to `k` arguments is a partial application worth a copy: it
/// has no environment and no sibling closures (which would share the copy's environment),
/// and it is small.
fn copyable(target: &Function, k: usize) -> bool {
    let insts = || target.blocks.iter().flat_map(|b| &b.insts);
    k > 0 && k < target.params.len() && target.env.is_empty() && insts().count() <= MAX_COPIED_INSTS && !insts().any(|i| matches!(i.kind, InstKind::Sibling(_)))
}

/// A copy of `target` taking its first `k` parameters from its environment.
fn with_env_params(target: &Function, k: usize) -> Function {
    let mut copy = target.clone();
    copy.name = format!("{}.partial{k}", target.name);
    copy.env = target.params[..k].to_vec();
    copy.params = target.params[k..].to_vec();
    copy
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(ty: Ty) -> VarInfo {
        VarInfo { name: None, ty }
    }

    fn inst(dest: u32, kind: InstKind) -> Inst {
        Inst { dest: Some(Var(dest)), kind, line: None }
    }

    fn effect(kind: InstKind) -> Inst {
        Inst { dest: None, kind, line: None }
    }

    fn function(name: &str, params: Vec<Var>, vars: Vec<VarInfo>, insts: Vec<Inst>, ret: Var) -> Function {
        Function { name: name.into(), env: vec![], params, ret: Ty::Any, vars, blocks: vec![Block { params: vec![], insts, term: Terminator::Return(ret) }], line: None }
    }

    /// `add k x = x + k` (function 0), `init` (function 1) setting global 0 to `add`'s
    /// closure and applying global 0 to one argument.
    fn program() -> Program {
        let add = function("add", vec![Var(0), Var(1)], vec![var(Ty::Int); 3], vec![inst(2, InstKind::Prim(crate::prim::Prim::AddInt, vec![Var(1), Var(0)]))], Var(2));
        let init = function(
            "init",
            vec![],
            vec![var(Ty::Fun), var(Ty::Unit), var(Ty::Fun), var(Ty::Int), var(Ty::Fun)],
            vec![
                inst(0, InstKind::Closure(FuncId(0), vec![])),
                effect(InstKind::SetGlobal(GlobalId(0), Var(0))),
                inst(2, InstKind::Global(GlobalId(0))),
                inst(3, InstKind::Const(Const::Int(1))),
                inst(4, InstKind::Apply(Var(2), vec![Var(3)])),
            ],
            Var(4),
        );
        Program { modules: vec![], functions: vec![add, init], globals: vec![], exceptions: vec![], files: vec![] }
    }

    #[test]
    fn a_partial_application_of_a_known_global_becomes_a_closure_of_a_copy() {
        let p = specialise_partial_applications(&program());
        assert_eq!(p.functions.len(), 3);
        assert_eq!(p.functions[1].blocks[0].insts[4].kind, InstKind::Closure(FuncId(2), vec![Var(3)]));
        let copy = &p.functions[2];
        assert_eq!((copy.name.as_str(), copy.env.as_slice(), copy.params.as_slice()), ("add.partial1", &[Var(0)][..], &[Var(1)][..]));
        assert_eq!(copy.blocks, p.functions[0].blocks);
    }

    #[test]
    fn a_global_set_twice_is_not_known() {
        let mut p = program();
        let again = effect(InstKind::SetGlobal(GlobalId(0), Var(3)));
        p.functions[1].blocks[0].insts.push(again);
        let s = specialise_partial_applications(&p);
        assert_eq!(s.functions.len(), 2);
        assert!(matches!(s.functions[1].blocks[0].insts[4].kind, InstKind::Apply(..)));
    }

    #[test]
    fn an_exact_application_is_left_alone() {
        let mut p = program();
        p.functions[1].blocks[0].insts[4].kind = InstKind::Apply(Var(2), vec![Var(3), Var(3)]);
        assert_eq!(specialise_partial_applications(&p).functions.len(), 2);
    }
}
