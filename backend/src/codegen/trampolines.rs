//! Trampolines behind Cranelift's `preserve_all` calling convention, so that calling them
//! costs the caller no register (they save what they and the runtime may clobber), and that
//! record their caller's stack and frame pointers for the collector (see `stack_maps.rs`):
//!
//! - `anerisc_yield_all`, the runtime's `anerisc_yield` for a yield poll's slow path: a loop
//!   or a function that polls keeps its values in caller-saved registers across the poll
//!   instead of saving callee-saved registers at every entry. Heap values still go to a
//!   shadow-stack frame around the poll: the collector may move them. When they are one or
//!   two, `anerisc_yield_keepN` takes them, keeps them in a frame of its own and returns
//!   them, so that the polling function needs no stack slot for that frame.
//! - `anerisc_record_caller`, which only records: a function with loops calls it before
//!   calling the runtime (the pointers, computed in the loop, would be hoisted out of it
//!   into registers of their own).

use super::apply::{pop_frame, push_frame};
use super::stack_maps::record_caller_frame;
use super::{err, mem, regs_address, Gen};
use crate::layout;
use crate::abi;
use crate::BackendError;
use cranelift_codegen::ir::{types::I64, AbiParam, InstBuilder, Signature};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::FunctionBuilder;
use cranelift_module::{FuncId, Linkage, Module};

/// The most heap values a yield trampoline keeps for its caller (they come back in
/// `anerisc_regs`' `kept` words: `preserve_all` functions return nothing).
pub const MAX_KEPT_BY_TRAMPOLINE: usize = 2;

/// A trampoline.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Trampoline {
    /// `anerisc_yield_all`.
    Yield,
    /// `anerisc_yield_keepN`: yields keeping its `N` arguments in a shadow-stack frame of its
    /// own, and leaves them (moved, maybe) in `anerisc_regs`' `kept` words.
    YieldKeeping(u8),
    /// `anerisc_record_caller`.
    RecordCaller,
}

impl Trampoline {
    fn name(self) -> String {
        match self {
            Trampoline::Yield => "anerisc_yield_all".into(),
            Trampoline::YieldKeeping(n) => format!("anerisc_yield_keep{n}"),
            Trampoline::RecordCaller => "anerisc_record_caller".into(),
        }
    }

    /// Its signature: the values it keeps, as parameters.
    fn signature(self) -> Signature {
        let mut s = Signature::new(CallConv::PreserveAll);
        if let Trampoline::YieldKeeping(n) = self {
            s.params.extend((0..n).map(|_| AbiParam::new(I64)));
        }
        s
    }
}

impl Gen<'_> {
    /// Trampoline `t` (declared on first use, defined by [`Gen::define_trampolines`]).
    pub fn trampoline(&mut self, t: Trampoline) -> Result<FuncId, BackendError> {
        if let Some(id) = self.trampolines.get(&t) {
            return Ok(*id);
        }
        let id = self.module.declare_function(&t.name(), Linkage::Local, &t.signature()).map_err(err)?;
        self.trampolines.insert(t, id);
        Ok(id)
    }

    /// Defines the trampolines some code uses.
    pub(super) fn define_trampolines(&mut self) -> Result<(), BackendError> {
        let used: Vec<(Trampoline, FuncId)> = self.trampolines.iter().map(|(t, id)| (*t, *id)).collect();
        for (t, id) in used {
            let target = match t {
                Trampoline::Yield | Trampoline::YieldKeeping(_) => Some(self.runtime_fn(&abi::YIELD)?),
                Trampoline::RecordCaller => None,
            };
            self.begin(t.signature());
            let mut b = FunctionBuilder::new(&mut self.ctx.func, &mut self.fctx);
            let entry = b.create_block();
            b.append_block_params_for_function_params(entry);
            b.switch_to_block(entry);
            let kept = b.block_params(entry).to_vec();
            let regs = regs_address(&mut self.module, &mut b)?;
            record_caller_frame(&mut b, regs);
            let frame = (!kept.is_empty()).then(|| push_frame(&mut b, regs, &kept));
            if let Some(target) = target {
                let callee = self.module.declare_func_in_func(target, b.func);
                b.ins().call(callee, &[]);
            }
            if let Some(ss) = frame {
                for i in 0..kept.len() as i32 {
                    let v = b.ins().stack_load(I64, I64, ss, 16 + 8 * i);
                    b.ins().store(mem(), v, regs, layout::regs::KEPT + 8 * i);
                }
                pop_frame(&mut b, regs, ss);
            }
            b.ins().return_(&[]);
            b.seal_all_blocks();
            b.finalize(self.module.isa().frontend_config());
            self.end(id, &t.name())?;
        }
        Ok(())
    }
}
