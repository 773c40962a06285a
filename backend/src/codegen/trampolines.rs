//! Trampolines behind Cranelift's `preserve_all` calling convention, so that calling them
//! costs the caller no register (they save what they and the runtime may clobber), and that
//! record their caller's stack and frame pointers for the collector (see `stack_maps.rs`):
//!
//! - `anerisc_yield_all`, the runtime's `anerisc_yield` for a yield poll's slow path: a loop
//!   or a function that polls keeps its values in caller-saved registers across the poll
//!   instead of saving callee-saved registers at every entry. Heap values still go to a
//!   shadow-stack frame around the poll: the collector may move them.
//! - `anerisc_record_caller`, which only records: a function with loops calls it before
//!   calling the runtime (the pointers, computed in the loop, would be hoisted out of it
//!   into registers of their own).

use super::stack_maps::record_caller_frame;
use super::{err, Gen};
use crate::abi;
use crate::BackendError;
use cranelift_codegen::ir::{types::I64, InstBuilder, Signature};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::FunctionBuilder;
use cranelift_module::{FuncId, Linkage, Module};

/// A trampoline: its symbol.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Trampoline {
    /// `anerisc_yield_all`.
    Yield,
    /// `anerisc_record_caller`.
    RecordCaller,
}

impl Trampoline {
    fn name(self) -> &'static str {
        match self {
            Trampoline::Yield => "anerisc_yield_all",
            Trampoline::RecordCaller => "anerisc_record_caller",
        }
    }
}

/// A trampoline's signature: no parameters, no result.
fn signature() -> Signature {
    Signature::new(CallConv::PreserveAll)
}

impl Gen<'_> {
    /// Trampoline `t` (declared on first use, defined by [`Gen::define_trampolines`]).
    pub fn trampoline(&mut self, t: Trampoline) -> Result<FuncId, BackendError> {
        if let Some(id) = self.trampolines.get(&t) {
            return Ok(*id);
        }
        let id = self.module.declare_function(t.name(), Linkage::Local, &signature()).map_err(err)?;
        self.trampolines.insert(t, id);
        Ok(id)
    }

    /// Defines the trampolines some code uses.
    pub(super) fn define_trampolines(&mut self) -> Result<(), BackendError> {
        let used: Vec<(Trampoline, FuncId)> = self.trampolines.iter().map(|(t, id)| (*t, *id)).collect();
        let regs_data = self.module.declare_data("anerisc_regs", Linkage::Import, true, false).map_err(err)?;
        for (t, id) in used {
            let target = match t {
                Trampoline::Yield => Some(self.runtime_fn(&abi::YIELD)?),
                Trampoline::RecordCaller => None,
            };
            self.begin(signature());
            let mut b = FunctionBuilder::new(&mut self.ctx.func, &mut self.fctx);
            let entry = b.create_block();
            b.switch_to_block(entry);
            let rg = self.module.declare_data_in_func(regs_data, b.func);
            let regs = b.ins().symbol_value(I64, rg);
            record_caller_frame(&mut b, regs);
            if let Some(target) = target {
                let callee = self.module.declare_func_in_func(target, b.func);
                b.ins().call(callee, &[]);
            }
            b.ins().return_(&[]);
            b.seal_all_blocks();
            b.finalize(self.module.isa().frontend_config());
            self.end(id, t.name())?;
        }
        Ok(())
    }
}
