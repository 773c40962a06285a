//! `anerisc_yield_all`: the runtime's `anerisc_yield` behind Cranelift's `preserve_all`
//! calling convention. A yield poll's slow path calls it, so that a loop or a function
//! that polls keeps its values in caller-saved registers across the poll (the trampoline
//! saves what the runtime may clobber) instead of saving callee-saved registers at every
//! entry. Heap values still go to a shadow-stack frame around the poll: the collector may
//! move them.

use super::{err, Gen};
use crate::abi;
use crate::BackendError;
use cranelift_codegen::ir::{InstBuilder, Signature};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::FunctionBuilder;
use cranelift_module::{FuncId, Linkage, Module};

/// The trampoline's signature: no parameters, no result.
pub fn yield_all_sig() -> Signature {
    Signature::new(CallConv::PreserveAll)
}

impl Gen<'_> {
    /// The trampoline (declared on first use, defined by [`Gen::define_yield_all`]).
    pub fn yield_all(&mut self) -> Result<FuncId, BackendError> {
        if let Some(id) = self.yield_all {
            return Ok(id);
        }
        let id = self.module.declare_function("anerisc_yield_all", Linkage::Local, &yield_all_sig()).map_err(err)?;
        self.yield_all = Some(id);
        Ok(id)
    }

    /// Defines the trampoline when some poll uses it.
    pub(super) fn define_yield_all(&mut self) -> Result<(), BackendError> {
        let Some(id) = self.yield_all else { return Ok(()) };
        let target = self.runtime_fn(&abi::YIELD)?;
        self.begin(yield_all_sig());
        let mut b = FunctionBuilder::new(&mut self.ctx.func, &mut self.fctx);
        let entry = b.create_block();
        b.switch_to_block(entry);
        let callee = self.module.declare_func_in_func(target, b.func);
        b.ins().call(callee, &[]);
        b.ins().return_(&[]);
        b.seal_all_blocks();
        b.finalize(self.module.isa().frontend_config());
        self.end(id, "anerisc_yield_all")
    }
}
