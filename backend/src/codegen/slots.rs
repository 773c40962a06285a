//! Shadow-stack slots: a variable live across a collection is stored in its slot just
//! before it and reloaded just after, so two variables share a slot unless some collection
//! keeps both.

use anerisc_ir::ir::Var;
use std::collections::BTreeSet;

/// Slots for the variables of `keep`, the sets of variables kept across each collection
/// (of `nvars` variables in all): each variable's slot, and the number of slots.
pub fn assign(keep: &[&[Var]], nvars: usize) -> (Vec<Option<u32>>, u32) {
    let sets: BTreeSet<&[Var]> = keep.iter().copied().filter(|s| !s.is_empty()).collect();
    let mut neighbours: Vec<Vec<Var>> = vec![Vec::new(); nvars];
    for s in &sets {
        for a in s.iter() {
            neighbours[a.0 as usize].extend(s.iter().filter(|b| *b != a));
        }
    }
    let mut slot: Vec<Option<u32>> = vec![None; nvars];
    let mut slots = 0;
    for s in &sets {
        for v in s.iter() {
            if slot[v.0 as usize].is_some() {
                continue;
            }
            let taken: BTreeSet<u32> = neighbours[v.0 as usize].iter().filter_map(|n| slot[n.0 as usize]).collect();
            let k = (0..).find(|k| !taken.contains(k)).unwrap_or(slots);
            slot[v.0 as usize] = Some(k);
            slots = slots.max(k + 1);
        }
    }
    (slot, slots)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_kept_together_get_distinct_slots_and_the_others_share() {
        let (a, b, c, d) = (Var(0), Var(1), Var(2), Var(3));
        let (slot, n) = assign(&[&[a, b], &[b, c], &[], &[d]], 4);
        assert_eq!(n, 2);
        assert_ne!(slot[0], slot[1]);
        assert_ne!(slot[1], slot[2]);
        assert_eq!(slot[0], slot[2]);
        assert!(slot[3].is_some());
    }
}
