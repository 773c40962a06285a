//! Tuples that only their own field reads use (`match (a, b) with ...` makes one): no
//! block is allocated; reading field `i` reads the variable the tuple was made from.

use anerisc_ir::ir::*;

/// For each of the `nvars` variables (the IR's and the code generator's extra ones): the
/// fields of the block it is made as, when every use of it reads one of its fields.
pub fn virtual_tuples(f: &Function, nvars: usize) -> Vec<Option<Vec<Var>>> {
    let mut fields = vec![None; nvars];
    for b in &f.blocks {
        for inst in &b.insts {
            if let (Some(d), InstKind::Make(_, args)) = (inst.dest, &inst.kind) {
                fields[d.0 as usize] = Some(args.clone());
            }
        }
    }
    let mut escape = |v: &Var| fields[v.0 as usize] = None;
    for b in &f.blocks {
        for inst in &b.insts {
            if !matches!(inst.kind, InstKind::Field(..)) {
                inst.kind.operands().iter().for_each(&mut escape);
            }
        }
        b.term.operands().iter().for_each(&mut escape);
    }
    fields
}
