//! Unboxed floats: the float variables that only float arithmetic, float comparisons and
//! float conversions read. Their code keeps the raw double in a register and never boxes
//! it; the other results of float arithmetic are boxed once, when defined, and keep their
//! raw double too for the float operations that read them.

use super::analysis::immediate;
use anerisc_ir::ir::*;
use anerisc_ir::prim::Prim;

/// Primitives whose result is a float computed from raw doubles (`prims.rs` boxes it only
/// when the result variable is needed boxed).
pub fn float_result(p: Prim) -> bool {
    use Prim::*;
    matches!(p, AddFloat | SubFloat | MulFloat | DivFloat | PowFloat | Exp | Log | NegFloat | Sqrt | Floor | Ceil | AbsFloat | FloatOfInt)
}

/// True when primitive `p` applied to `args` reads every argument as a raw double.
pub fn float_operands(f: &Function, p: Prim, args: &[Var]) -> bool {
    use Prim::*;
    match p {
        AddFloat | SubFloat | MulFloat | DivFloat | PowFloat | Exp | Log | NegFloat | Sqrt | Floor | Ceil | AbsFloat | IntOfFloat | StringOfFloat
        | PrintFloat | PrerrFloat => true,
        Eq | Ne | Lt | Gt | Le | Ge => !args.iter().any(|v| immediate(f.ty(*v))) && args.iter().any(|v| f.ty(*v) == Ty::Float),
        _ => false,
    }
}

/// For each of the `nvars` variables (the IR's and the code generator's extra ones): true
/// when it is the result of a float primitive and every use reads it as a raw double.
pub fn raw_floats(f: &Function, nvars: usize) -> Vec<bool> {
    let mut raw = vec![false; nvars];
    for b in &f.blocks {
        for inst in &b.insts {
            if let (Some(d), InstKind::Prim(p, _)) = (inst.dest, &inst.kind) {
                raw[d.0 as usize] = float_result(*p);
            }
        }
    }
    let mut escape = |v: &Var| raw[v.0 as usize] = false;
    for b in &f.blocks {
        for inst in &b.insts {
            match &inst.kind {
                InstKind::Prim(p, args) if float_operands(f, *p, args) => {}
                k => k.operands().iter().for_each(&mut escape),
            }
        }
        b.term.operands().iter().for_each(&mut escape);
    }
    raw
}
