//! A function's control-flow graph: successors, predecessors, reverse post-order, loop
//! headers (targets of back edges) and dominators (Cooper, Harvey and Kennedy's "A Simple,
//! Fast Dominance Algorithm"), all from one depth-first walk of the blocks from the entry.
//! Blocks are named by their index in [`Function::blocks`].

use crate::ir::Function;

/// The control-flow graph of one function.
pub struct Cfg {
    /// The blocks each block may go to, in its terminator's order (targets outside the
    /// function are left out: the verifier reports them).
    succs: Vec<Vec<usize>>,
    /// The blocks that may go to each block, one entry an edge.
    preds: Vec<Vec<usize>>,
    /// The blocks reachable from the entry, in reverse post-order.
    rpo: Vec<usize>,
    /// Each block's position in `rpo` (`None` for a block the entry does not reach).
    order: Vec<Option<usize>>,
    /// Targets of back edges of the depth-first walk.
    header: Vec<bool>,
    /// Each reachable block's immediate dominator (the entry's is itself).
    idom: Vec<Option<usize>>,
    /// Entry and exit times of a depth-first walk of the dominator tree: `a` dominates `b`
    /// when `b`'s interval lies within `a`'s.
    dom_interval: Vec<(u32, u32)>,
}

impl Cfg {
    /// The graph of `f`'s blocks; block 0 is the entry.
    pub fn new(f: &Function) -> Cfg {
        let n = f.blocks.len();
        let succs = f.blocks.iter().map(|b| b.term.successors().into_iter().map(|s| s.0 as usize).filter(|s| *s < n).collect()).collect();
        Cfg::of_successors(succs)
    }

    /// The graph whose block `b` goes to the blocks `succs[b]`; block 0 is the entry.
    pub fn of_successors(succs: Vec<Vec<usize>>) -> Cfg {
        let n = succs.len();
        let mut preds = vec![Vec::new(); n];
        for (b, ss) in succs.iter().enumerate() {
            for s in ss {
                preds[*s].push(b);
            }
        }
        let (post, header) = depth_first(&succs);
        let rpo: Vec<usize> = post.into_iter().rev().collect();
        let mut order = vec![None; n];
        for (i, b) in rpo.iter().enumerate() {
            order[*b] = Some(i);
        }
        let idom = immediate_dominators(&rpo, &order, &preds);
        let dom_interval = dominator_intervals(&rpo, &idom);
        Cfg { succs, preds, rpo, order, header, idom, dom_interval }
    }

    /// The number of blocks.
    pub fn len(&self) -> usize {
        self.succs.len()
    }

    /// True when the function has no blocks.
    pub fn is_empty(&self) -> bool {
        self.succs.is_empty()
    }

    /// The blocks `b` may go to.
    pub fn successors(&self, b: usize) -> &[usize] {
        &self.succs[b]
    }

    /// The blocks that may go to `b` (a block twice when two of its edges do).
    pub fn predecessors(&self, b: usize) -> &[usize] {
        &self.preds[b]
    }

    /// The blocks reachable from the entry, in reverse post-order (the entry first; a block
    /// before its successors, but for back edges).
    pub fn reverse_post_order(&self) -> &[usize] {
        &self.rpo
    }

    /// True when the entry reaches `b`.
    pub fn reachable(&self, b: usize) -> bool {
        self.order[b].is_some()
    }

    /// For each block: true when it is a loop header, the target of a back edge of a
    /// depth-first walk from the entry.
    pub fn loop_headers(&self) -> &[bool] {
        &self.header
    }

    /// The immediate dominator of `b` (`None` for the entry and for unreachable blocks).
    pub fn idom(&self, b: usize) -> Option<usize> {
        self.idom[b].filter(|d| *d != b)
    }

    /// True when every path from the entry to `b` goes through `a` (a block dominates
    /// itself; a block the entry does not reach is dominated by every block).
    pub fn dominates(&self, a: usize, b: usize) -> bool {
        if !self.reachable(b) {
            return true;
        }
        if !self.reachable(a) {
            return false;
        }
        let ((a_in, a_out), (b_in, b_out)) = (self.dom_interval[a], self.dom_interval[b]);
        a_in <= b_in && b_out <= a_out
    }
}

/// The post-order of an iterative depth-first walk from block 0 (successors in order) and,
/// for each block, whether an edge goes back to it (to a block still on the walk's stack).
fn depth_first(succs: &[Vec<usize>]) -> (Vec<usize>, Vec<bool>) {
    let n = succs.len();
    let mut post = Vec::with_capacity(n);
    let mut header = vec![false; n];
    if n == 0 {
        return (post, header);
    }
    // 0 not seen, 1 on the stack, 2 done.
    let mut state = vec![0u8; n];
    let mut stack = vec![(0usize, 0usize)];
    state[0] = 1;
    while let Some((b, i)) = stack.pop() {
        match succs[b].get(i) {
            Some(&s) => {
                stack.push((b, i + 1));
                match state[s] {
                    0 => {
                        state[s] = 1;
                        stack.push((s, 0));
                    }
                    1 => header[s] = true,
                    _ => {}
                }
            }
            None => {
                state[b] = 2;
                post.push(b);
            }
        }
    }
    (post, header)
}

/// Cooper, Harvey and Kennedy's iteration: each reachable block's immediate dominator, the
/// nearest common dominator of its processed predecessors, to a fixed point in reverse
/// post-order.
fn immediate_dominators(rpo: &[usize], order: &[Option<usize>], preds: &[Vec<usize>]) -> Vec<Option<usize>> {
    let mut idom = vec![None; order.len()];
    let Some(&entry) = rpo.first() else { return idom };
    idom[entry] = Some(entry);
    let intersect = |idom: &[Option<usize>], mut a: usize, mut b: usize| {
        while a != b {
            while order[a] > order[b] {
                a = idom[a].expect("a processed block has a dominator");
            }
            while order[b] > order[a] {
                b = idom[b].expect("a processed block has a dominator");
            }
        }
        a
    };
    let mut changed = true;
    while changed {
        changed = false;
        for &b in &rpo[1..] {
            let mut new = None;
            for &p in preds[b].iter().filter(|p| idom[**p].is_some()) {
                new = Some(new.map_or(p, |d| intersect(&idom, p, d)));
            }
            if new.is_some() && idom[b] != new {
                idom[b] = new;
                changed = true;
            }
        }
    }
    idom
}

/// Entry and exit times of each reachable block in a depth-first walk of the dominator tree.
fn dominator_intervals(rpo: &[usize], idom: &[Option<usize>]) -> Vec<(u32, u32)> {
    let n = idom.len();
    let mut children = vec![Vec::new(); n];
    for &b in rpo.iter().skip(1) {
        if let Some(d) = idom[b] {
            children[d].push(b);
        }
    }
    let mut interval = vec![(0, 0); n];
    let Some(&entry) = rpo.first() else { return interval };
    let mut clock = 0u32;
    let mut stack = vec![(entry, 0usize)];
    interval[entry].0 = clock;
    while let Some((b, i)) = stack.pop() {
        clock += 1;
        match children[b].get(i) {
            Some(&c) => {
                stack.push((b, i + 1));
                interval[c].0 = clock;
                stack.push((c, 0));
            }
            None => interval[b].1 = clock,
        }
    }
    interval
}

#[cfg(test)]
mod tests {
    use super::Cfg;

    fn cfg(succs: &[&[usize]]) -> Cfg {
        Cfg::of_successors(succs.iter().map(|s| s.to_vec()).collect())
    }

    /// Every block's dominators, by the definition: the blocks without which it is unreachable.
    fn dominators_by_definition(g: &Cfg, b: usize) -> Vec<usize> {
        (0..g.len())
            .filter(|&a| {
                let mut seen = vec![false; g.len()];
                let mut stack = if a == 0 { vec![] } else { vec![0] };
                while let Some(x) = stack.pop() {
                    if x != a && !std::mem::replace(&mut seen[x], true) {
                        stack.extend(g.successors(x));
                    }
                }
                !seen[b]
            })
            .collect()
    }

    fn check_dominators(g: &Cfg) {
        for b in 0..g.len() {
            let by_tree: Vec<usize> = (0..g.len()).filter(|&a| g.dominates(a, b)).collect();
            assert_eq!(by_tree, dominators_by_definition(g, b), "dominators of b{b}");
        }
    }

    #[test]
    fn diamond() {
        // b0 branches to b1 and b2, which join in b3.
        let g = cfg(&[&[1, 2], &[3], &[3], &[]]);
        assert_eq!(g.predecessors(3), &[1, 2]);
        assert_eq!(g.reverse_post_order(), &[0, 2, 1, 3]);
        assert_eq!(g.loop_headers(), &[false; 4]);
        assert_eq!((g.idom(0), g.idom(1), g.idom(2), g.idom(3)), (None, Some(0), Some(0), Some(0)));
        assert!(g.dominates(0, 3) && !g.dominates(1, 3) && !g.dominates(2, 3) && g.dominates(3, 3));
        check_dominators(&g);
    }

    #[test]
    fn loop_with_an_exit() {
        // b0 -> b1 (header) -> b2 (body) -> b1, and b1 -> b3 (exit).
        let g = cfg(&[&[1], &[2, 3], &[1], &[]]);
        assert_eq!(g.loop_headers(), &[false, true, false, false]);
        assert_eq!(g.predecessors(1), &[0, 2]);
        assert_eq!((g.idom(2), g.idom(3)), (Some(1), Some(1)));
        assert!(g.dominates(1, 2) && !g.dominates(2, 1));
        check_dominators(&g);
    }

    #[test]
    fn nested_loops() {
        // Outer header b1, inner header b2 (body b3 back to b2), b4 back to b1, b5 exits.
        let g = cfg(&[&[1], &[2, 5], &[3, 4], &[2], &[1], &[]]);
        assert_eq!(g.loop_headers(), &[false, true, true, false, false, false]);
        assert_eq!((g.idom(3), g.idom(4), g.idom(5)), (Some(2), Some(2), Some(1)));
        let rpo = g.reverse_post_order();
        let at = |b: usize| rpo.iter().position(|x| *x == b).unwrap();
        assert!(at(1) < at(2) && at(2) < at(3) && at(2) < at(4));
        check_dominators(&g);
    }

    #[test]
    fn unreachable_blocks_are_dominated_by_everything_and_dominate_nothing() {
        // b2 is not reachable; it jumps into b1.
        let g = cfg(&[&[1], &[], &[1]]);
        assert!(!g.reachable(2) && g.reachable(1));
        assert_eq!(g.reverse_post_order(), &[0, 1]);
        assert_eq!(g.predecessors(1), &[0, 2]);
        assert_eq!(g.idom(2), None);
        assert!(g.dominates(1, 2) && g.dominates(0, 2));
        assert!(!g.dominates(2, 1) && g.dominates(0, 1));
        check_dominators(&g);
    }

    #[test]
    fn irreducible_and_self_loops() {
        // b0 enters the cycle b1 <-> b2 at either block; b3 loops on itself.
        let g = cfg(&[&[1, 2], &[2, 3], &[1], &[3]]);
        assert_eq!((g.idom(1), g.idom(2), g.idom(3)), (Some(0), Some(0), Some(1)));
        assert!(g.loop_headers()[3]);
        check_dominators(&g);
    }
}
