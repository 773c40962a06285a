//! Generic application: `anerisc_applyN(f, a1..aN)` calls closure `f` with `N` arguments
//! whatever its arity (exact: a tail call of its code; fewer parameters: call, then apply
//! the result to the rest; more: build a partial application), and `anerisc_papN_M`, the
//! code of a partial application holding `N` arguments of a function of arity `N + M`.

use super::alloc::bump;
use super::func::bargs;
use super::stack_maps::record_frame;
use super::{err, mem, regs_address, tail_sig, Gen};
use crate::abi;
use crate::layout::{self, tagged};
use crate::BackendError;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types::I64, InstBuilder, Signature, StackSlotData, StackSlotKind, TrapCode, Value};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Switch};
use cranelift_module::{FuncId, Linkage, Module};

/// A shadow-stack frame on the native stack: pushes it with `vals` in its slots.
pub fn push_frame(b: &mut FunctionBuilder, regs: Value, vals: &[Value]) -> cranelift_codegen::ir::StackSlot {
    let ss = frame_slot(b, vals.len() as u32);
    for (i, v) in vals.iter().enumerate() {
        b.ins().stack_store(I64, *v, ss, 16 + 8 * i as i32);
    }
    push_into(b, regs, ss, vals.len() as u64);
    ss
}

/// The stack slot of a shadow-stack frame of `n` slots (not pushed yet).
pub fn frame_slot(b: &mut FunctionBuilder, n: u32) -> cranelift_codegen::ir::StackSlot {
    b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, 8 * (2 + n), 3))
}

/// Pushes the frame of stack slot `ss` (made by [`frame_slot`]) with `len` slots, which
/// must hold values before anything collects.
pub fn push_into(b: &mut FunctionBuilder, regs: Value, ss: cranelift_codegen::ir::StackSlot, len: u64) {
    let prev = b.ins().load(I64, mem(), regs, layout::regs::SHADOW_TOP);
    b.ins().stack_store(I64, prev, ss, 0);
    let len = b.ins().iconst(I64, len as i64);
    b.ins().stack_store(I64, len, ss, 8);
    let addr = b.ins().stack_addr(I64, ss, 0);
    b.ins().store(mem(), addr, regs, layout::regs::SHADOW_TOP);
}

/// Pops the frame `ss` (pushed by [`push_frame`]).
pub fn pop_frame(b: &mut FunctionBuilder, regs: Value, ss: cranelift_codegen::ir::StackSlot) {
    let prev = b.ins().stack_load(I64, I64, ss, 0);
    b.ins().store(mem(), prev, regs, layout::regs::SHADOW_TOP);
}

/// Makes the entry block of the function `b` builds, with the function's parameters, and
/// returns them.
fn enter(b: &mut FunctionBuilder) -> Vec<Value> {
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.block_params(entry).to_vec()
}

impl Gen<'_> {
    /// Begins a helper of signature `sig`: its function and builder context, taken out of
    /// `self` so that a builder can run on them while `self.module` declares what it uses.
    fn take_helper(&mut self, sig: Signature) -> (cranelift_codegen::ir::Function, FunctionBuilderContext) {
        self.begin(sig);
        (std::mem::replace(&mut self.ctx.func, cranelift_codegen::ir::Function::new()), std::mem::replace(&mut self.fctx, FunctionBuilderContext::new()))
    }

    /// Puts back what [`Gen::take_helper`] took, the function built, and defines it as `id`.
    fn end_helper(&mut self, func: cranelift_codegen::ir::Function, fctx: FunctionBuilderContext, id: FuncId, name: &str) -> Result<(), BackendError> {
        self.fctx = fctx;
        self.ctx.func = func;
        self.end(id, name)
    }

    /// Defines `anerisc_applyN`: the cases met most (the closure takes exactly `n`
    /// arguments; it takes one more and the nursery has room for the partial application)
    /// without a call, so without saving registers; every other case goes on to
    /// `anerisc_applyN_general`.
    pub(super) fn define_apply(&mut self, n: usize) -> Result<(), BackendError> {
        let id = self.apply_fn(n)?;
        let general = self.module.declare_function(&format!("anerisc_apply{n}_general"), Linkage::Local, &tail_sig(n)).map_err(err)?;
        let one_more = if n < self.max_arity { Some(self.pap_fn(n, 1)?) } else { None };
        let (mut ctx_func, mut fctx) = self.take_helper(tail_sig(n));
        let mut b = FunctionBuilder::new(&mut ctx_func, &mut fctx);
        let params = enter(&mut b);
        let f = params[0];
        let arity = b.ins().load(I64, mem(), f, 8);
        let exact = b.ins().icmp_imm_s(IntCC::Equal, arity, tagged(n as i64));
        let call_exact = b.create_block();
        let other = b.create_block();
        b.ins().brif(exact, call_exact, &[], other, &[]);
        b.switch_to_block(call_exact);
        let code = b.ins().load(I64, mem(), f, 0);
        let sig = b.import_signature(tail_sig(n));
        b.ins().return_call_indirect(sig, code, &params);
        b.switch_to_block(other);
        let slow = b.create_block();
        if let Some(pap) = one_more {
            let plus_one = b.ins().icmp_imm_s(IntCC::Equal, arity, tagged(n as i64 + 1));
            let make = b.create_block();
            b.ins().brif(plus_one, make, &[], slow, &[]);
            b.switch_to_block(make);
            let regs = regs_address(&mut self.module, &mut b)?;
            let p = bump(&mut b, regs, layout::CLOSURE_TAG, 3 + n, slow);
            let pr = self.module.declare_func_in_func(pap, b.func);
            let code = b.ins().func_addr(I64, pr);
            b.ins().store(mem(), code, p, 0);
            let rem = b.ins().iconst(I64, tagged(1));
            b.ins().store(mem(), rem, p, 8);
            for (i, v) in params.iter().enumerate() {
                b.ins().store(mem(), *v, p, 16 + 8 * i as i32);
            }
            b.ins().return_(&[p]);
        } else {
            b.ins().jump(slow, &[]);
        }
        b.switch_to_block(slow);
        let gr = self.module.declare_func_in_func(general, b.func);
        b.ins().return_call(gr, &params);
        b.seal_all_blocks();
        b.finalize(self.module.isa().frontend_config());
        self.end_helper(ctx_func, fctx, id, &format!("anerisc_apply{n}"))?;
        self.define_apply_general(n, general)
    }

    /// Defines `anerisc_applyN_general` (`id`): application to `n` arguments of a closure
    /// of any other arity than `n`.
    fn define_apply_general(&mut self, n: usize, id: FuncId) -> Result<(), BackendError> {
        let mut less = Vec::new();
        for k in 1..n {
            less.push((k, self.apply_fn(n - k)?));
        }
        let mut more = Vec::new();
        for k in n + 1..=self.max_arity {
            more.push((k, self.pap_fn(n, k - n)?));
        }
        let alloc = self.runtime_fn(&abi::ALLOC_SMALL)?;
        let (mut ctx_func, mut fctx) = self.take_helper(tail_sig(n));
        let mut b = FunctionBuilder::new(&mut ctx_func, &mut fctx);
        let params = enter(&mut b);
        let f = params[0];
        let args = params[1..].to_vec();
        // `anerisc_applyN` has taken the closures of arity `n`.
        let arity = b.ins().load(I64, mem(), f, 8);
        let ar = b.ins().sshr_imm_s(arity, 1);
        let mut sw = Switch::new();
        let trap = b.create_block();
        let mut cases = Vec::new();
        for (k, _) in less.iter().chain(more.iter()) {
            let blk = b.create_block();
            sw.set_entry(*k as u128, blk);
            cases.push(blk);
        }
        sw.emit(&mut b, ar, trap);
        b.switch_to_block(trap);
        b.ins().trap(TrapCode::unwrap_user(2));
        let mut blocks = cases.into_iter();
        for (k, next) in less {
            let blk = blocks.next().unwrap_or(trap);
            b.switch_to_block(blk);
            let regs = regs_address(&mut self.module, &mut b)?;
            let rest = &args[k..];
            let ss = push_frame(&mut b, regs, rest);
            let code = b.ins().load(I64, mem(), f, 0);
            let sig = b.import_signature(tail_sig(k));
            let mut first = vec![f];
            first.extend_from_slice(&args[..k]);
            let call = b.ins().call_indirect(sig, code, &first);
            let r = b.inst_results(call)[0];
            let mut tail = vec![r];
            for i in 0..rest.len() {
                tail.push(b.ins().stack_load(I64, I64, ss, 16 + 8 * i as i32));
            }
            pop_frame(&mut b, regs, ss);
            let ok = b.create_block();
            let fail = b.create_block();
            b.ins().brif(r, ok, &[], fail, &[]);
            b.switch_to_block(fail);
            let z = b.ins().iconst(I64, 0);
            b.ins().return_(&[z]);
            b.switch_to_block(ok);
            let fr = self.module.declare_func_in_func(next, b.func);
            b.ins().return_call(fr, &tail);
        }
        for (k, pap) in more {
            let blk = blocks.next().unwrap_or(trap);
            b.switch_to_block(blk);
            let regs = regs_address(&mut self.module, &mut b)?;
            // `ok` receives the new block and the closure and arguments to copy into it.
            let ok = b.create_block();
            let p = b.append_block_param(ok, I64);
            let held: Vec<Value> = params.iter().map(|_| b.append_block_param(ok, I64)).collect();
            let slow = b.create_block();
            let fast = bump(&mut b, regs, layout::CLOSURE_TAG, 3 + n, slow);
            let mut to_ok = vec![fast];
            to_ok.extend_from_slice(&params);
            b.ins().jump(ok, &bargs(&to_ok));
            b.switch_to_block(slow);
            let ss = push_frame(&mut b, regs, &params);
            record_frame(&mut b, regs);
            let fa = self.module.declare_func_in_func(alloc, b.func);
            let tag = b.ins().iconst(I64, layout::CLOSURE_TAG as i64);
            let size = b.ins().iconst(I64, 3 + n as i64);
            let call = b.ins().call(fa, &[tag, size]);
            let r = b.inst_results(call)[0];
            let mut to_ok = vec![r];
            for i in 0..=n {
                to_ok.push(b.ins().stack_load(I64, I64, ss, 16 + 8 * i as i32));
            }
            pop_frame(&mut b, regs, ss);
            b.ins().jump(ok, &bargs(&to_ok));
            b.switch_to_block(ok);
            let pr = self.module.declare_func_in_func(pap, b.func);
            let code = b.ins().func_addr(I64, pr);
            b.ins().store(mem(), code, p, 0);
            let rem = b.ins().iconst(I64, tagged((k - n) as i64));
            b.ins().store(mem(), rem, p, 8);
            for (i, v) in held.iter().enumerate() {
                b.ins().store(mem(), *v, p, 16 + 8 * i as i32);
            }
            b.ins().return_(&[p]);
        }
        b.seal_all_blocks();
        b.finalize(self.module.isa().frontend_config());
        self.end_helper(ctx_func, fctx, id, &format!("anerisc_apply{n}_general"))
    }

    pub(super) fn define_pap(&mut self, n: usize, m: usize) -> Result<(), BackendError> {
        let id = self.pap_fn(n, m)?;
        let (mut ctx_func, mut fctx) = self.take_helper(tail_sig(m));
        let mut b = FunctionBuilder::new(&mut ctx_func, &mut fctx);
        let params = enter(&mut b);
        let p = params[0];
        let f = b.ins().load(I64, mem(), p, 16);
        let mut all = vec![f];
        for i in 0..n {
            all.push(b.ins().load(I64, mem(), p, 24 + 8 * i as i32));
        }
        all.extend_from_slice(&params[1..]);
        let code = b.ins().load(I64, mem(), f, 0);
        let sig = b.import_signature(tail_sig(n + m));
        b.ins().return_call_indirect(sig, code, &all);
        b.seal_all_blocks();
        b.finalize(self.module.isa().frontend_config());
        self.end_helper(ctx_func, fctx, id, &format!("anerisc_pap{n}_{m}"))
    }
}
