//! Where a function's shadow-stack frame is pushed: only on the paths that reach a
//! collection keeping heap values, so that the cheap paths of a recursion (a leaf, the
//! empty list) push none. Each block is entered with the frame pushed or not; a block that
//! needs it and is entered without pushes it at its start, and an edge between blocks in
//! different states pushes or pops it.

use anerisc_ir::ir::Function;

/// For each block of `f`: true when it is entered with the frame pushed. `needs[b]` says
/// that block `b` keeps heap values across a collection; `header[b]` that it starts a loop
/// (including block 0 when the function jumps back to it for a self tail call, listed in
/// `self_tail`). A loop header is entered with the frame when any of its predecessors
/// leaves with it (the frame then stays across iterations); another block only when all do
/// (the others pop it on the way, so that a join of a cheap path and an expensive one, such
/// as the block returning a recursion's result, pushes no frame on the cheap path).
pub fn framed_on_entry(f: &Function, needs: &[bool], header: &[bool], self_tail: &[bool]) -> Vec<bool> {
    let n = f.blocks.len();
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (b, blk) in f.blocks.iter().enumerate() {
        for s in blk.term.successors() {
            preds[s.0 as usize].push(b);
        }
        if self_tail[b] && n > 0 {
            preds[0].push(b);
        }
    }
    let mut framed = vec![false; n];
    // The least fixed point: every equation is monotone in the states of the predecessors.
    let mut changed = true;
    while changed {
        changed = false;
        for b in 0..n {
            let out = |p: &usize| framed[*p] || needs[*p];
            let entered = if header[b] {
                preds[b].iter().any(out)
            } else {
                // Block 0 is also entered from the function's entry, without the frame.
                b != 0 && !preds[b].is_empty() && preds[b].iter().all(out)
            };
            if entered && !framed[b] {
                framed[b] = true;
                changed = true;
            }
        }
    }
    framed
}
