//! What a call of each function may do, for its callers: raise (the caller tests the
//! result for a pending exception) and collect (the caller keeps its heap values across the
//! call in its shadow-stack frame). A call of a function that does neither is compiled as
//! `ocamlopt` compiles it: no test of the result, values kept in plain stack slots.
//! Computed for the whole program to a least fixed point over direct calls.

use super::alloc::MAX_INLINE_FIELDS;
use super::analysis::{direct_callee, inline_comparison, is_tail_call, may_collect, raises_or_collects};
use anerisc_ir::cfg::Cfg;
use anerisc_ir::ir::*;

/// What calls of each function (indexed by `FuncId`) may do.
pub struct Effects {
    /// A call may return with an exception pending.
    pub raises: Vec<bool>,
    /// A call may run a collection or switch threads (either moves heap values).
    pub collects: Vec<bool>,
    /// Every call polls for yield requests: the function's first block polls.
    pub polls_on_entry: Vec<bool>,
}

impl Effects {
    /// The effects of every function of `p`.
    pub fn of(p: &Program) -> Effects {
        let n = p.functions.len();
        let polls_on_entry = p.functions.iter().map(polls_on_entry).collect();
        let mut e = Effects { raises: vec![false; n], collects: vec![false; n], polls_on_entry };
        let siblings: Vec<Vec<Option<FuncId>>> = p.functions.iter().map(sibling_vars).collect();
        let polls: Vec<bool> = p.functions.iter().map(polls).collect();
        let mut changed = true;
        while changed {
            changed = false;
            for (i, f) in p.functions.iter().enumerate() {
                let raises = e.raises[i] || may_raise(p, f, &siblings[i], &e.raises);
                let collects = e.collects[i] || polls[i] || collects(p, f, &siblings[i], &e.collects);
                if (raises, collects) != (e.raises[i], e.collects[i]) {
                    (e.raises[i], e.collects[i]) = (raises, collects);
                    changed = true;
                }
            }
        }
        e
    }
}

/// For each variable of `f` defined by `Sibling(g)`: `g`.
fn sibling_vars(f: &Function) -> Vec<Option<FuncId>> {
    let mut of = vec![None; f.vars.len()];
    for inst in f.blocks.iter().flat_map(|b| &b.insts) {
        if let (Some(d), InstKind::Sibling(g)) = (inst.dest, &inst.kind) {
            of[d.0 as usize] = Some(*g);
        }
    }
    of
}

/// True when `f` polls for yield requests (at a loop header, or at entry when it makes a
/// tail call): another thread may run and collect there.
fn polls(f: &Function) -> bool {
    Cfg::new(f).loop_headers().iter().any(|h| *h) || f.blocks.iter().any(|b| (0..b.insts.len()).any(|i| is_tail_call(f, b, i)))
}

/// True when every call of `f` polls: when `f` makes a tail call, it polls at entry (a loop
/// header's poll may be left out, see `analysis.rs`).
fn polls_on_entry(f: &Function) -> bool {
    f.blocks.iter().any(|b| (0..b.insts.len()).any(|i| is_tail_call(f, b, i)))
}

fn may_raise(p: &Program, f: &Function, sibling_of: &[Option<FuncId>], raises: &[bool]) -> bool {
    f.blocks.iter().flat_map(|b| &b.insts).any(|inst| match &inst.kind {
        InstKind::Const(_) | InstKind::Global(_) | InstKind::SetGlobal(..) | InstKind::Field(..) | InstKind::ExnArg(..) | InstKind::Sibling(_) => false,
        // Inline allocation never raises (running out of memory there is fatal, as in OCaml).
        InstKind::Closure(_, caps) => caps.len() + 2 > MAX_INLINE_FIELDS,
        InstKind::Make(_, fields) => fields.len() > MAX_INLINE_FIELDS,
        InstKind::MakeExn(_, args) => args.len() + 1 > MAX_INLINE_FIELDS,
        InstKind::Prim(q, args) => raises_or_collects(*q) && !inline_comparison(f, *q, args),
        k @ (InstKind::Call(..) | InstKind::Apply(..)) => direct_callee(k, sibling_of, &|g| p.func(g).params.len()).is_none_or(|g| raises[g.0 as usize]),
        InstKind::Printf(..) | InstKind::Fork(..) | InstKind::Chan { .. } => true,
    })
}

fn collects(p: &Program, f: &Function, sibling_of: &[Option<FuncId>], collects: &[bool]) -> bool {
    let insts = f.blocks.iter().flat_map(|b| &b.insts).any(|inst| match &inst.kind {
        k @ (InstKind::Call(..) | InstKind::Apply(..)) => direct_callee(k, sibling_of, &|g| p.func(g).params.len()).is_none_or(|g| collects[g.0 as usize]),
        // Primitives that collect only on their way to raising count here: the caller may
        // catch the exception and go on with the values it kept.
        InstKind::Prim(q, args) => raises_or_collects(*q) && !inline_comparison(f, *q, args),
        k => may_collect(f, k),
    });
    insts || f.blocks.iter().any(|b| matches!(b.term, Terminator::TryCall { .. }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use anerisc_ir::prim::Prim;

    fn inst(dest: u32, kind: InstKind) -> Inst {
        Inst { dest: Some(Var(dest)), kind, line: None }
    }

    /// A one-block function of one int parameter (variable 0) computing `insts` into
    /// variables 1.. and returning the last.
    fn function(insts: Vec<InstKind>) -> Function {
        let n = insts.len() as u32;
        let insts: Vec<Inst> = insts.into_iter().enumerate().map(|(i, k)| inst(i as u32 + 1, k)).collect();
        let vars = (0..=n).map(|_| VarInfo { name: None, ty: Ty::Int }).collect();
        Function { name: "f".into(), env: vec![], params: vec![Var(0)], ret: Ty::Int, vars, blocks: vec![Block { params: vec![], insts, term: Terminator::Return(Var(n)) }], line: None }
    }

    fn effects(functions: Vec<Function>) -> Vec<(bool, bool)> {
        let p = Program { functions, ..Program::default() };
        let e = Effects::of(&p);
        e.raises.into_iter().zip(e.collects).collect()
    }

    #[test]
    fn arithmetic_and_calls_of_such_functions_neither_raise_nor_collect() {
        let leaf = function(vec![InstKind::Prim(Prim::AddInt, vec![Var(0), Var(0)])]);
        let caller = function(vec![InstKind::Call(FuncId(0), vec![Var(0)]), InstKind::Prim(Prim::SubInt, vec![Var(1), Var(0)])]);
        assert_eq!(effects(vec![leaf, caller]), vec![(false, false), (false, false)]);
    }

    #[test]
    fn allocating_collects_without_raising_and_dividing_may_do_both() {
        let alloc = function(vec![InstKind::Make(0, vec![Var(0), Var(0)])]);
        let div = function(vec![InstKind::Prim(Prim::DivInt, vec![Var(0), Var(0)])]);
        assert_eq!(effects(vec![alloc, div]), vec![(false, true), (true, true)]);
    }

    #[test]
    fn effects_reach_callers_through_recursion() {
        // Function 0 calls itself and function 1, which calls an unknown closure; function 2
        // only calls itself.
        let rec = function(vec![InstKind::Call(FuncId(0), vec![Var(0)]), InstKind::Call(FuncId(1), vec![Var(0)])]);
        let unknown = function(vec![InstKind::Apply(Var(0), vec![Var(0)])]);
        let pure = function(vec![InstKind::Call(FuncId(2), vec![Var(0)]), InstKind::Prim(Prim::AddInt, vec![Var(1), Var(0)])]);
        assert_eq!(effects(vec![rec, unknown, pure]), vec![(true, true), (true, true), (false, false)]);
    }

    #[test]
    fn a_function_making_a_tail_call_polls_so_collects() {
        // `f x = f x`: the call is returned at once.
        let tail = function(vec![InstKind::Call(FuncId(0), vec![Var(0)])]);
        assert_eq!(effects(vec![tail]), vec![(false, true)]);
    }
}
