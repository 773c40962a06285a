//! What the session walk may assume at a loop's head: which `ref` cells of a function are
//! local (only read and written by that function's `!`, `:=`, `incr` and `decr`, so the walk
//! follows their contents), and which counters only grow or only shrink around a loop (a
//! loop parameter passed on as itself plus a non-negative constant, a cell only
//! incremented). The walk assumes such a counter stays on its side of the value it entered
//! the loop with, and proves it at each back edge; a bound it cannot prove is dropped and the
//! function walked again.

use anerisc_ir::ir::{BlockId, Const, Function, InstKind, Terminator, Var};
use anerisc_ir::prim::Prim;
use std::collections::{HashMap, HashSet};

/// Which way a counter moves around a loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Trend {
    /// It only grows: it stays at or above its value on entry.
    Up,
    /// It only shrinks: it stays at or below its value on entry.
    Down,
}

/// A counter of a loop: a parameter of the loop's head, or a local cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Counter {
    /// The head's parameter at this position.
    Param(usize),
    /// A local cell (the variable holding the `ref`).
    Cell(Var),
}

/// What one function's loops offer the walk.
#[derive(Debug, Default)]
pub struct LoopShape {
    /// The local cells.
    pub cells: HashSet<Var>,
    /// The local cells some instruction writes.
    pub written: HashSet<Var>,
    /// For each loop head, its counters and their directions.
    pub counters: HashMap<BlockId, Vec<(Counter, Trend)>>,
}

/// The loop shape of `func`, whose loop heads are `heads`.
pub fn shape(func: &Function, heads: &HashSet<BlockId>) -> LoopShape {
    let defs = definitions(func);
    let cells = local_cells(func);
    let mut writes: HashMap<Var, Vec<Option<Trend>>> = HashMap::new();
    for inst in func.blocks.iter().flat_map(|b| &b.insts) {
        if let InstKind::Prim(p, args) = &inst.kind {
            let dir = match p {
                Prim::Incr => Some(Trend::Up),
                Prim::Decr => Some(Trend::Down),
                _ => None,
            };
            if matches!(p, Prim::Incr | Prim::Decr | Prim::Assign) && cells.contains(&args[0]) {
                writes.entry(args[0]).or_default().push(dir);
            }
        }
    }
    let cell_counters: Vec<(Counter, Trend)> = writes
        .iter()
        .filter_map(|(cell, dirs)| {
            let first = dirs.first().copied().flatten()?;
            dirs.iter().all(|d| *d == Some(first)).then_some((Counter::Cell(*cell), first))
        })
        .collect();
    let mut counters = HashMap::new();
    for head in heads {
        let params = &func.blocks[head.0 as usize].params;
        let back = back_edge_arguments(func, *head);
        let mut found = cell_counters.clone();
        for (i, p) in params.iter().enumerate() {
            // Each back edge's step, or `None` when one moves it in an unknown way.
            let steps: Option<Vec<Option<Trend>>> = back.iter().map(|args| args.get(i).and_then(|a| step(&defs, *p, *a))).collect();
            let moving: Vec<Trend> = steps.into_iter().flatten().flatten().collect();
            if let Some(first) = moving.first() {
                if moving.iter().all(|d| d == first) {
                    found.push((Counter::Param(i), *first));
                }
            }
        }
        counters.insert(*head, found);
    }
    let written = writes.into_keys().collect();
    LoopShape { cells, written, counters }
}

/// How `arg`, passed back to the loop parameter `param`, moves it: `Some(None)` unchanged,
/// `Some(Some(d))` by a non-negative constant in direction `d`, `None` any other way.
fn step(defs: &HashMap<Var, &InstKind>, param: Var, arg: Var) -> Option<Option<Trend>> {
    if arg == param {
        return Some(None);
    }
    let non_negative = |v: &Var| matches!(defs.get(v), Some(InstKind::Const(Const::Int(n))) if *n >= 0);
    match defs.get(&arg)? {
        InstKind::Prim(Prim::Succ, a) if a[0] == param => Some(Some(Trend::Up)),
        InstKind::Prim(Prim::Pred, a) if a[0] == param => Some(Some(Trend::Down)),
        InstKind::Prim(Prim::AddInt, a) if (a[0] == param && non_negative(&a[1])) || (a[1] == param && non_negative(&a[0])) => Some(Some(Trend::Up)),
        InstKind::Prim(Prim::SubInt, a) if a[0] == param && non_negative(&a[1]) => Some(Some(Trend::Down)),
        _ => None,
    }
}

/// The instruction defining each variable.
fn definitions(func: &Function) -> HashMap<Var, &InstKind> {
    func.blocks.iter().flat_map(|b| &b.insts).filter_map(|i| i.dest.map(|d| (d, &i.kind))).collect()
}

/// The arguments of every jump to `head` from a block inside its loop (one `head` reaches).
fn back_edge_arguments(func: &Function, head: BlockId) -> Vec<Vec<Var>> {
    let inside = reachable_from(func, head);
    let mut out = Vec::new();
    for (i, block) in func.blocks.iter().enumerate() {
        if !inside.contains(&BlockId(i as u32)) {
            continue;
        }
        let targets = match &block.term {
            Terminator::Jump(t) => vec![t],
            Terminator::Branch(_, a, b) => vec![a, b],
            _ => vec![],
        };
        out.extend(targets.into_iter().filter(|t| t.block == head).map(|t| t.args.clone()));
    }
    out
}

/// The blocks reachable from `from` (itself included when a path leads back to it).
fn reachable_from(func: &Function, from: BlockId) -> HashSet<BlockId> {
    let mut seen = HashSet::new();
    let mut todo = func.blocks[from.0 as usize].term.successors();
    while let Some(b) = todo.pop() {
        if seen.insert(b) {
            todo.extend(func.blocks[b.0 as usize].term.successors());
        }
    }
    seen
}

/// The `ref` cells of `func` used only as the cell of its own `!`, `:=`, `incr` and `decr`.
fn local_cells(func: &Function) -> HashSet<Var> {
    let mut cells: HashSet<Var> = func
        .blocks
        .iter()
        .flat_map(|b| &b.insts)
        .filter_map(|i| match (&i.kind, i.dest) {
            (InstKind::Prim(Prim::Ref, _), Some(d)) => Some(d),
            _ => None,
        })
        .collect();
    for block in &func.blocks {
        for inst in &block.insts {
            let allowed = match &inst.kind {
                InstKind::Prim(Prim::Deref | Prim::Incr | Prim::Decr, _) => 1,
                InstKind::Prim(Prim::Assign, _) => 1,
                _ => 0,
            };
            for (i, v) in inst.kind.operands().iter().enumerate() {
                if i >= allowed {
                    cells.remove(v);
                }
            }
        }
        for v in block.term.operands() {
            cells.remove(&v);
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;
    use anerisc_ir::ir::{Block, Inst, Target, Ty, VarInfo};

    fn inst(dest: Option<u32>, kind: InstKind) -> Inst {
        Inst { dest: dest.map(Var), kind, line: None }
    }

    /// `b0: n = 1; c = ref 0; jump b1(n)   b1(i): incr c; i2 = succ i; jump b1(i2)`
    fn counting_loop(step: Prim) -> Function {
        let vars = (0..6).map(|_| VarInfo { ty: Ty::Int, name: None }).collect();
        let b0 = Block {
            params: vec![],
            insts: vec![inst(Some(0), InstKind::Const(Const::Int(1))), inst(Some(1), InstKind::Const(Const::Int(0))), inst(Some(2), InstKind::Prim(Prim::Ref, vec![Var(1)]))],
            term: Terminator::Jump(Target { block: BlockId(1), args: vec![Var(0)] }),
        };
        let b1 = Block {
            params: vec![Var(3)],
            insts: vec![inst(Some(4), InstKind::Prim(Prim::Incr, vec![Var(2)])), inst(Some(5), InstKind::Prim(step, vec![Var(3)]))],
            term: Terminator::Jump(Target { block: BlockId(1), args: vec![Var(5)] }),
        };
        Function { name: "f".into(), env: vec![], params: vec![], ret: Ty::Unit, vars, blocks: vec![b0, b1], line: None }
    }

    #[test]
    fn a_parameter_passed_on_as_its_successor_and_an_incremented_cell_count_up() {
        let f = counting_loop(Prim::Succ);
        let s = shape(&f, &HashSet::from([BlockId(1)]));
        assert!(s.cells.contains(&Var(2)));
        let counters = &s.counters[&BlockId(1)];
        assert!(counters.contains(&(Counter::Param(0), Trend::Up)), "{counters:?}");
        assert!(counters.contains(&(Counter::Cell(Var(2)), Trend::Up)), "{counters:?}");
    }

    #[test]
    fn a_parameter_passed_on_otherwise_is_no_counter() {
        let f = counting_loop(Prim::NegInt);
        let s = shape(&f, &HashSet::from([BlockId(1)]));
        assert!(!s.counters[&BlockId(1)].iter().any(|(c, _)| *c == Counter::Param(0)));
    }

    #[test]
    fn a_cell_given_away_is_not_local() {
        let mut f = counting_loop(Prim::Succ);
        f.blocks[1].insts.push(inst(None, InstKind::Call(anerisc_ir::ir::FuncId(0), vec![Var(2)])));
        let s = shape(&f, &HashSet::from([BlockId(1)]));
        assert!(!s.cells.contains(&Var(2)));
    }
}
