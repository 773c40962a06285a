//! Unboxed floats: the float variables that only float arithmetic, float comparisons and
//! float conversions read. Their code keeps the raw double in a register and never boxes
//! it; the other results of float arithmetic are boxed once, when defined, and keep their
//! raw double too for the float operations that read them. A float parameter that only
//! float operations and the function's own tail calls read is raw too: a self tail call
//! jumps back to the start with raw doubles (the entry unboxes the caller's arguments).

use super::analysis::{immediate, is_tail_call};
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
/// when it is the result of a float primitive, or a float parameter of `f` (function `me`),
/// and every use reads it as a raw double or passes it to a raw parameter of a self tail call.
///
/// A local ref (`local[r]`, see `refs.rs`) holding floats is raw too when every `!r` is: its
/// variable then holds a raw double, and the values it is made from and set to need no box.
pub fn raw_floats(f: &Function, me: FuncId, local: &[bool], nvars: usize) -> Vec<bool> {
    let mut raw = vec![false; nvars];
    for p in &f.params {
        raw[p.0 as usize] = f.ty(*p) == Ty::Float;
    }
    for b in &f.blocks {
        for inst in &b.insts {
            if let (Some(d), InstKind::Prim(p, args)) = (inst.dest, &inst.kind) {
                raw[d.0 as usize] = match p {
                    Prim::Ref => local[d.0 as usize] && f.ty(args[0]) == Ty::Float,
                    Prim::Deref => local[args[0].0 as usize],
                    _ => float_result(*p),
                };
            }
        }
    }
    // A parameter found boxed makes the arguments passed to it boxed: repeat until stable.
    loop {
        let before = raw.clone();
        for b in &f.blocks {
            for (i, inst) in b.insts.iter().enumerate() {
                match &inst.kind {
                    InstKind::Prim(p, args) if float_operands(f, *p, args) => {}
                    InstKind::Prim(Prim::Ref, _) if inst.dest.is_some_and(|d| raw[d.0 as usize]) => {}
                    InstKind::Prim(Prim::Assign, args) if raw[args[0].0 as usize] => {}
                    InstKind::Prim(Prim::Deref, args) if local[args[0].0 as usize] => {
                        // Reading a raw ref gives a raw double: its result is raw or the ref is not.
                        let d = inst.dest.map_or(true, |d| raw[d.0 as usize]);
                        let r = &mut raw[args[0].0 as usize];
                        *r = *r && d;
                        if let Some(d) = inst.dest {
                            raw[d.0 as usize] &= raw[args[0].0 as usize];
                        }
                    }
                    InstKind::Call(g, args) if *g == me && is_tail_call(f, b, i) => {
                        for (a, p) in args.iter().zip(&f.params) {
                            if !raw[p.0 as usize] {
                                raw[a.0 as usize] = false;
                            }
                        }
                    }
                    k => k.operands().iter().for_each(|v| raw[v.0 as usize] = false),
                }
            }
            b.term.operands().iter().for_each(|v| raw[v.0 as usize] = false);
        }
        if raw == before {
            return raw;
        }
    }
}
