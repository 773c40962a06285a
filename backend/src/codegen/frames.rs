//! Where a function's shadow-stack frame is pushed: only on the paths that reach a
//! collection keeping heap values, so that the cheap paths of a recursion (a leaf, the
//! empty list) push none. Each block is entered with the frame pushed or not; a block that
//! needs it and is entered without pushes it at its start, and an edge between blocks in
//! different states pushes or pops it.

use anerisc_ir::cfg::Cfg;

/// For each block of the function of `cfg`: true when it is entered with the frame pushed. `needs[b]` says
/// that block `b` keeps heap values across a collection; `header[b]` that it starts a loop
/// (including block 0 when the function jumps back to it for a self tail call, listed in
/// `self_tail`). A loop header is entered with the frame when any of its predecessors
/// leaves with it (the frame then stays across iterations); another block only when all do
/// (the others pop it on the way, so that a join of a cheap path and an expensive one, such
/// as the block returning a recursion's result, pushes no frame on the cheap path).
pub fn framed_on_entry(cfg: &Cfg, needs: &[bool], header: &[bool], self_tail: &[bool]) -> Vec<bool> {
    let n = cfg.len();
    // A self tail call jumps back to block 0.
    let jumps_to_start: Vec<usize> = (0..n).filter(|b| self_tail[*b]).collect();
    let preds = |b: usize| cfg.predecessors(b).iter().chain(if b == 0 { &jumps_to_start[..] } else { &[] });
    let mut framed = vec![false; n];
    // The least fixed point: every equation is monotone in the states of the predecessors.
    let mut changed = true;
    while changed {
        changed = false;
        for b in 0..n {
            let out = |p: &usize| framed[*p] || needs[*p];
            let entered = if header[b] {
                preds(b).any(out)
            } else {
                // Block 0 is also entered from the function's entry, without the frame.
                b != 0 && preds(b).next().is_some() && preds(b).all(out)
            };
            if entered && !framed[b] {
                framed[b] = true;
                changed = true;
            }
        }
    }
    framed
}

#[cfg(test)]
mod tests {
    use super::*;
    use anerisc_ir::ir::{Block, BlockId, Function, Target, Terminator, Ty, Var, VarInfo};

    fn to(b: u32) -> Target {
        Target { block: BlockId(b), args: Vec::new() }
    }

    /// A function of blocks ending with `terms` (a bool variable 0 for the branches).
    fn function(terms: Vec<Terminator>) -> Function {
        let blocks = terms.into_iter().map(|term| Block { params: Vec::new(), insts: Vec::new(), term }).collect();
        Function { name: "f".into(), env: Vec::new(), params: Vec::new(), ret: Ty::Int, vars: vec![VarInfo { ty: Ty::Bool, name: None }], blocks, line: None }
    }

    #[test]
    fn the_cheap_path_of_a_join_pushes_no_frame() {
        // b0 branches to a leaf b1 and to b2, which calls; both join in b3.
        let c = Var(0);
        let f = function(vec![Terminator::Branch(c, to(1), to(2)), Terminator::Jump(to(3)), Terminator::Jump(to(3)), Terminator::Return(c)]);
        let framed = framed_on_entry(&Cfg::new(&f), &[false, false, true, false], &[false; 4], &[false; 4]);
        assert_eq!(framed, vec![false; 4]);
        // When both paths need the frame, the join is entered with it.
        let framed = framed_on_entry(&Cfg::new(&f), &[false, true, true, false], &[false; 4], &[false; 4]);
        assert_eq!(framed, vec![false, false, false, true]);
    }

    #[test]
    fn a_loop_whose_body_needs_the_frame_keeps_it_across_iterations() {
        // b0 enters the loop b1; its body b2 calls and jumps back; b3 leaves.
        let c = Var(0);
        let f = function(vec![Terminator::Jump(to(1)), Terminator::Branch(c, to(2), to(3)), Terminator::Jump(to(1)), Terminator::Return(c)]);
        let framed = framed_on_entry(&Cfg::new(&f), &[false, false, true, false], &[false, true, false, false], &[false; 4]);
        assert_eq!(framed, vec![false, true, true, true]);
    }

    #[test]
    fn a_self_tail_call_from_a_framed_block_frames_the_start() {
        let c = Var(0);
        let f = function(vec![Terminator::Branch(c, to(1), to(2)), Terminator::Return(c), Terminator::Unreachable]);
        let framed = framed_on_entry(&Cfg::new(&f), &[false, false, true], &[true, false, false], &[false, false, true]);
        assert_eq!(framed, vec![true, true, true]);
        // Without the self tail call block 0 is entered from the function's entry only.
        let framed = framed_on_entry(&Cfg::new(&f), &[false, false, true], &[false; 3], &[false; 3]);
        assert_eq!(framed, vec![false; 3]);
    }
}
