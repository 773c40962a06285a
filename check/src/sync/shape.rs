//! The control-flow facts extraction needs about one IR function: its blocks in an order where
//! every block comes after its predecessors (the function must have no loop), which blocks can
//! still return normally (the others only lead to `failwith`, a failed `assert`, a match failure
//! or `exit`), and which blocks every normal run passes through.

use super::error::{SyncError, SyncResult};
use super::prog::Place;
use anerisc_ir::ir::{BlockId, Function, InstKind, Program, Terminator};

/// The shape of an acyclic function.
pub struct Shape {
    /// Blocks reachable from the entry, predecessors first.
    pub order: Vec<BlockId>,
    /// Whether a block can reach a `return`.
    pub returns: Vec<bool>,
    /// Whether every path from the entry to a `return` passes through a block.
    pub total: Vec<bool>,
}

impl Shape {
    /// The shape of `func`, a function of `program`, or an error at a loop in it.
    pub fn of(program: &Program, func: &Function) -> SyncResult<Shape> {
        let n = func.blocks.len();
        let succ = |b: usize| func.blocks[b].term.successors();
        // Depth-first search: post-order, and loops as edges back to a block on the stack.
        let mut state = vec![0u8; n];
        let mut post = Vec::new();
        let mut stack = vec![(0usize, 0usize)];
        state[0] = 1;
        while let Some(top) = stack.last_mut() {
            let b = top.0;
            let s = succ(b);
            if top.1 < s.len() {
                let t = s[top.1].0 as usize;
                top.1 += 1;
                match state[t] {
                    0 => {
                        state[t] = 1;
                        stack.push((t, 0));
                    }
                    1 => return Err(loop_error(program, func, BlockId(t as u32))),
                    _ => {}
                }
            } else {
                state[b] = 2;
                post.push(BlockId(b as u32));
                stack.pop();
            }
        }
        let order: Vec<BlockId> = post.into_iter().rev().collect();
        let mut returns = vec![false; n];
        for b in order.iter().rev() {
            let i = b.0 as usize;
            returns[i] = matches!(func.blocks[i].term, Terminator::Return(_)) || succ(i).iter().any(|s| returns[s.0 as usize]);
        }
        let total = (0..n).map(|avoid| returns[avoid] && !returns_avoiding(func, &returns, avoid)).collect();
        Ok(Shape { order, returns, total })
    }
}

/// Whether a `return` can be reached from the entry without passing through block `avoid`.
fn returns_avoiding(func: &Function, returns: &[bool], avoid: usize) -> bool {
    if avoid == 0 {
        return false;
    }
    let mut seen = vec![false; func.blocks.len()];
    let mut todo = vec![0usize];
    seen[0] = true;
    while let Some(b) = todo.pop() {
        if matches!(func.blocks[b].term, Terminator::Return(_)) {
            return true;
        }
        for s in func.blocks[b].term.successors() {
            let s = s.0 as usize;
            if s != avoid && returns[s] && !seen[s] {
                seen[s] = true;
                todo.push(s);
            }
        }
    }
    false
}

/// The error for a loop whose head is `head`.
fn loop_error(program: &Program, func: &Function, head: BlockId) -> SyncError {
    let at = Place::of(program, func.blocks[head.0 as usize].insts.iter().find_map(|i| i.line).or(func.line));
    SyncError::new("not supported yet: a loop in a node's code (a `while`, `for` or recursive loop)", at)
        .with_help("a verified node loops only with `List.iter` over a node set")
}

/// What happens at the end of a block that cannot return (followed through jumps): the
/// diverging primitive's description and place.
pub fn failure_of(program: &Program, func: &Function, from: BlockId) -> (String, Option<Place>) {
    let mut b = from;
    for _ in 0..func.blocks.len() {
        let block = &func.blocks[b.0 as usize];
        for (k, inst) in block.insts.iter().enumerate() {
            if let InstKind::Prim(p, args) = &inst.kind {
                if p.diverges() {
                    let what = match p {
                        anerisc_ir::prim::Prim::Failwith => match k.checked_sub(1).map(|j| &block.insts[j]) {
                            Some(prev) if prev.dest == args.first().copied() => match &prev.kind {
                                InstKind::Const(anerisc_ir::ir::Const::Str(s)) => format!("failwith {:?}", String::from_utf8_lossy(s)),
                                _ => "failwith".to_string(),
                            },
                            _ => "failwith".to_string(),
                        },
                        anerisc_ir::prim::Prim::AssertFailure => "assert".to_string(),
                        anerisc_ir::prim::Prim::MatchFailure => "a match failure".to_string(),
                        anerisc_ir::prim::Prim::Exit => "exit".to_string(),
                        anerisc_ir::prim::Prim::InvalidArg => "invalid_arg".to_string(),
                        _ => "an exception".to_string(),
                    };
                    return (what, Place::of(program, inst.line));
                }
            }
        }
        match block.term.successors().first() {
            Some(next) => b = *next,
            None => break,
        }
    }
    ("an exception".to_string(), Place::of(program, func.line))
}
