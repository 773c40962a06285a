//! Local refs: a ref that only `!`, `:=`, `incr` and `decr` of the function itself read
//! (never stored, passed, captured or returned) needs no heap block. Its variable holds the
//! ref's contents instead: `ref x` defines it as `x`, `r := y` redefines it, `!r` reads it,
//! and it is kept across collections like any heap variable.

use anerisc_ir::ir::*;
use anerisc_ir::prim::Prim;

/// For each of the `nvars` variables (the IR's and the code generator's extra ones): true
/// when it is made by `ref` and used only as the ref that `!`, `:=`, `incr` or `decr` reads.
pub fn local_refs(f: &Function, nvars: usize) -> Vec<bool> {
    let mut local = vec![false; nvars];
    for b in &f.blocks {
        for inst in &b.insts {
            if let (Some(d), InstKind::Prim(Prim::Ref, _)) = (inst.dest, &inst.kind) {
                local[d.0 as usize] = true;
            }
        }
    }
    let mut escape = |v: &Var| local[v.0 as usize] = false;
    for b in &f.blocks {
        for inst in &b.insts {
            match &inst.kind {
                InstKind::Prim(Prim::Deref | Prim::Incr | Prim::Decr, _) => {}
                InstKind::Prim(Prim::Assign, args) => args[1..].iter().for_each(&mut escape),
                k => k.operands().iter().for_each(&mut escape),
            }
        }
        b.term.operands().iter().for_each(&mut escape);
    }
    local
}
