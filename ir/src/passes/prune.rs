//! The pass `prune`: keeps only the part of a program that its modules' initialisers can
//! reach. A library module's initialiser stores a closure of every top-level function in a
//! global; a global that no reachable code reads needs no value, so that store (and the
//! closure made only for it) is dropped, and the functions nothing else names are left out.
//! The backend compiles the pruned program; the interpreter does not need it.

use crate::ir::{FuncId, GlobalId, Inst, InstKind, Program, Var};
use std::collections::HashMap;

/// `program` without the functions its initialisers cannot reach and without the stores
/// to globals that reachable code never reads. Globals and exceptions keep their numbers;
/// functions are renumbered in their original order.
pub fn prune(program: &Program) -> Program {
    let mut live = vec![false; program.globals.len()];
    let walked = loop {
        let walked = walk(program, &live);
        if walked.read == live {
            break walked;
        }
        live = walked.read;
    };
    let mut number = vec![None; program.functions.len()];
    for (new, old) in (0..program.functions.len()).filter(|i| walked.dropped[*i].is_some()).enumerate() {
        number[old] = Some(FuncId(new as u32));
    }
    let renumber = |f: FuncId| number[f.0 as usize].expect("a kept instruction names only reached functions");
    let mut functions = Vec::new();
    for (i, f) in program.functions.iter().enumerate() {
        let Some(dropped) = &walked.dropped[i] else { continue };
        let mut f = f.clone();
        for (block, dropped) in f.blocks.iter_mut().zip(dropped) {
            let insts = std::mem::take(&mut block.insts);
            block.insts = insts.into_iter().enumerate().filter(|(k, _)| !dropped.contains(k)).map(|(_, inst)| renumbered(inst, &renumber)).collect();
        }
        debug_assert_eq!(renumber(FuncId(i as u32)).0 as usize, functions.len());
        functions.push(f);
    }
    let mut modules = program.modules.clone();
    for m in &mut modules {
        m.init = renumber(m.init);
    }
    Program { modules, functions, globals: program.globals.clone(), exceptions: program.exceptions.clone(), files: program.files.clone() }
}

/// What one walk from the initialisers found.
struct Walked {
    /// For each function reached, the instructions of each block that are dropped (`None`
    /// for a function not reached).
    dropped: Vec<Option<Vec<Vec<usize>>>>,
    /// The globals reached code reads.
    read: Vec<bool>,
}

/// The functions reached from the initialisers and the globals they read, when the
/// globals marked in `live` are the only ones whose stores are kept.
fn walk(program: &Program, live: &[bool]) -> Walked {
    let mut dropped_by_function = vec![None; program.functions.len()];
    let mut read = vec![false; program.globals.len()];
    let mut work: Vec<FuncId> = program.modules.iter().map(|m| m.init).collect();
    while let Some(id) = work.pop() {
        if dropped_by_function[id.0 as usize].is_some() {
            continue;
        }
        let f = program.func(id);
        let dropped = dropped(f, live);
        for (block, dropped) in f.blocks.iter().zip(&dropped) {
            for inst in block.insts.iter().enumerate().filter(|(k, _)| !dropped.contains(k)).map(|(_, i)| &i.kind) {
                match inst {
                    InstKind::Closure(g, _) | InstKind::Sibling(g) | InstKind::Call(g, _) => work.push(*g),
                    InstKind::Global(g) | InstKind::Chan { implementation: Some(g), .. } => read[g.0 as usize] = true,
                    _ => {}
                }
            }
        }
        dropped_by_function[id.0 as usize] = Some(dropped);
    }
    Walked { dropped: dropped_by_function, read }
}

/// For each block of `f`, the indices of its instructions that are dropped: the stores to
/// globals not marked in `live`, and the closures without environment made only to be
/// stored by the next instruction in such a global.
fn dropped(f: &crate::ir::Function, live: &[bool]) -> Vec<Vec<usize>> {
    let mut uses: Option<HashMap<Var, usize>> = None;
    let mut all = Vec::with_capacity(f.blocks.len());
    for block in &f.blocks {
        let insts = &block.insts;
        let mut out = Vec::new();
        for (k, inst) in insts.iter().enumerate() {
            let InstKind::SetGlobal(GlobalId(g), v) = inst.kind else { continue };
            if live[g as usize] {
                continue;
            }
            out.push(k);
            let made_for_it = k > 0 && matches!(&insts[k - 1], Inst { dest: Some(d), kind: InstKind::Closure(_, env), .. } if *d == v && env.is_empty());
            if made_for_it && uses.get_or_insert_with(|| use_counts(f)).get(&v) == Some(&1) {
                out.push(k - 1);
            }
        }
        all.push(out);
    }
    all
}

/// How many instructions and terminators of `f` read each variable.
fn use_counts(f: &crate::ir::Function) -> HashMap<Var, usize> {
    let mut counts = HashMap::new();
    for block in &f.blocks {
        for v in block.insts.iter().flat_map(|i| i.kind.operands()).chain(block.term.operands()) {
            *counts.entry(v).or_insert(0) += 1;
        }
    }
    counts
}

/// The instruction with the functions it names renumbered.
fn renumbered(mut inst: Inst, renumber: &dyn Fn(FuncId) -> FuncId) -> Inst {
    match &mut inst.kind {
        InstKind::Closure(g, _) | InstKind::Sibling(g) | InstKind::Call(g, _) => *g = renumber(*g),
        _ => {}
    }
    inst
}

#[cfg(test)]
mod tests {
    use super::prune;
    use crate::load::{library_sources, load};
    use crate::verify::verify;
    use anerisc_diag::render::ColorChoice;

    fn loaded(text: &str) -> crate::ir::Program {
        load("main.ml".into(), text.into(), &[], &library_sources(), ColorChoice::Plain).expect("the program loads").program
    }

    fn names(p: &crate::ir::Program) -> Vec<&str> {
        p.functions.iter().map(|f| f.name.as_str()).collect()
    }

    #[test]
    fn library_functions_not_named_are_left_out_and_the_rest_still_verifies() {
        let program = loaded("let total = List.fold_left (+) 0 [1; 2; 3]\nlet () = print_int (List.length [total])\n");
        let pruned = prune(&program);
        let kept = names(&pruned);
        assert!(kept.contains(&"List.fold_left") && kept.contains(&"List.length"), "{kept:?}");
        assert!(!kept.contains(&"List.map") && !kept.contains(&"List.sort"), "{kept:?}");
        assert!(pruned.functions.len() < program.functions.len() / 4, "{} of {}", pruned.functions.len(), program.functions.len());
        assert_eq!(pruned.modules.len(), program.modules.len());
        verify(&pruned, "prune").expect("the pruned program verifies");
    }

    #[test]
    fn a_function_read_through_its_global_is_kept_with_what_it_calls() {
        let program = loaded("let apply f = f [3; 1; 2]\nlet sorter = List.sort compare\nlet () = List.iter print_int (apply sorter)\n");
        let pruned = prune(&program);
        let kept = names(&pruned);
        assert!(kept.contains(&"List.sort") && kept.contains(&"List.iter"), "{kept:?}");
        assert!(!kept.contains(&"List.filter"), "{kept:?}");
        verify(&pruned, "prune").expect("the pruned program verifies");
    }

    #[test]
    fn a_value_nobody_reads_is_still_computed_only_its_store_goes() {
        let program = loaded("let unused = print_string \"side\"; 42\nlet () = print_int 1\n");
        let pruned = prune(&program);
        let init = |p: &crate::ir::Program| -> usize {
            let f = p.functions.iter().find(|f| f.name == "Main.init").expect("Main's initialiser");
            f.blocks.iter().map(|b| b.insts.len()).sum()
        };
        assert_eq!(init(&pruned), init(&program) - 1);
        verify(&pruned, "prune").expect("the pruned program verifies");
    }
}
