//! Compiled frames for the collector. A function without loops keeps its heap values in
//! its native frame across calls, where Cranelift's user stack maps say they are (one with
//! loops keeps them in a shadow-stack frame: see `frames.rs`). This module makes the
//! program's stack-map table, laid out as the runtime's `stack_maps.rs` reads it, and the
//! bounds of the program's code, which tell the runtime's frame walk where compiled frames
//! end. Before calling the runtime, compiled code records its stack and frame pointers in
//! `anerisc_regs` ([`record_frame`]), where a collection starts walking; the C entries
//! through which the runtime runs compiled code keep the record of the compiled frames that
//! called the runtime in a shadow-stack frame of the kind `COMPILED_STRETCH`
//! ([`push_stretch`]).

use super::apply::{frame_slot, pop_frame, push_into};
use super::{c_sig, err, mem, Gen};
use crate::layout;
use crate::BackendError;
use cranelift_codegen::ir::{types::I64, InstBuilder, StackSlot, Value};
use cranelift_frontend::FunctionBuilder;
use cranelift_module::{FuncId, Linkage, Module};

/// Records the current function's stack and frame pointers in `anerisc_regs` (at `regs`),
/// before it calls the runtime.
pub fn record_frame(b: &mut FunctionBuilder, regs: Value) {
    let sp = b.ins().get_stack_pointer(I64);
    b.ins().store(mem(), sp, regs, layout::regs::COMPILED_SP);
    let fp = b.ins().get_frame_pointer(I64);
    b.ins().store(mem(), fp, regs, layout::regs::COMPILED_FP);
}

/// Records the caller's stack and frame pointers in `anerisc_regs` (at `regs`), from a
/// function called by it (with the usual frame: the caller's frame pointer saved at this
/// frame's, the return address above it).
pub fn record_caller_frame(b: &mut FunctionBuilder, regs: Value) {
    let fp = b.ins().get_frame_pointer(I64);
    let caller_fp = b.ins().load(I64, mem(), fp, 0);
    let caller_sp = b.ins().iadd_imm_s(fp, 16);
    b.ins().store(mem(), caller_sp, regs, layout::regs::COMPILED_SP);
    b.ins().store(mem(), caller_fp, regs, layout::regs::COMPILED_FP);
}

/// Pushes a shadow-stack frame holding the record of compiled frames now in `anerisc_regs`
/// (at `regs`), and clears the record: the compiled code about to run records its own.
/// [`pop_stretch`] puts the record back.
pub fn push_stretch(b: &mut FunctionBuilder, regs: Value) -> StackSlot {
    let ss = frame_slot(b, 2);
    for (i, off) in [layout::regs::COMPILED_SP, layout::regs::COMPILED_FP].into_iter().enumerate() {
        let w = b.ins().load(I64, mem(), regs, off);
        b.ins().stack_store(I64, w, ss, 16 + 8 * i as i32);
        let zero = b.ins().iconst(I64, 0);
        b.ins().store(mem(), zero, regs, off);
    }
    push_into(b, regs, ss, layout::COMPILED_STRETCH);
    ss
}

/// Pops the frame pushed by [`push_stretch`] and puts its record back.
pub fn pop_stretch(b: &mut FunctionBuilder, regs: Value, ss: StackSlot) {
    for (i, off) in [layout::regs::COMPILED_SP, layout::regs::COMPILED_FP].into_iter().enumerate() {
        let w = b.ins().stack_load(I64, I64, ss, 16 + 8 * i as i32);
        b.ins().store(mem(), w, regs, off);
    }
    pop_frame(b, regs, ss);
}

/// One call site: its return address's offset in its function, the frame's size (frame
/// pointer minus stack pointer) and the offsets of the values from the stack pointer.
pub struct Site {
    return_offset: u32,
    frame_size: u32,
    offsets: Vec<u32>,
}

/// The call sites of one function, as Cranelift compiled it in `ctx`.
pub fn sites(ctx: &cranelift_codegen::Context) -> Vec<Site> {
    let Some(code) = ctx.compiled_code() else { return Vec::new() };
    code.buffer
        .user_stack_maps()
        .iter()
        .map(|(return_offset, frame_size, map)| Site { return_offset: *return_offset, frame_size: *frame_size, offsets: map.entries().map(|(_, off)| off).collect() })
        .filter(|s| !s.offsets.is_empty())
        .collect()
}

/// The table's words (function addresses as 0, with the positions of their relocations).
fn table(functions: &[(FuncId, Vec<Site>)]) -> (Vec<u64>, Vec<(u32, FuncId)>) {
    let mut words = vec![functions.len() as u64];
    let mut relocs = Vec::new();
    for (f, sites) in functions {
        relocs.push((8 * words.len() as u32, *f));
        words.extend([0, sites.len() as u64]);
        for s in sites {
            words.extend([s.return_offset as u64, s.frame_size as u64, s.offsets.len() as u64]);
            words.extend(s.offsets.iter().map(|o| *o as u64));
        }
    }
    (words, relocs)
}

impl Gen<'_> {
    /// Declares and defines `name`, an empty function marking where the program's code
    /// starts (the functions are laid out in the order they are defined).
    pub(super) fn define_code_bound(&mut self, name: &str) -> Result<FuncId, BackendError> {
        let id = self.module.declare_function(name, Linkage::Local, &c_sig(">")).map_err(err)?;
        self.define_empty(id, name)?;
        Ok(id)
    }

    /// Defines the function marking where the program's code ends (declared as `id`).
    pub(super) fn define_code_end(&mut self, id: FuncId) -> Result<(), BackendError> {
        self.define_empty(id, "anerisc_code_end")
    }

    fn define_empty(&mut self, id: FuncId, name: &str) -> Result<(), BackendError> {
        self.begin(c_sig(">"));
        let mut b = FunctionBuilder::new(&mut self.ctx.func, &mut self.fctx);
        let entry = b.create_block();
        b.switch_to_block(entry);
        b.ins().return_(&[]);
        b.seal_all_blocks();
        b.finalize(self.module.isa().frontend_config());
        self.end(id, name)
    }

    /// Defines the table of the call sites recorded so far.
    pub(super) fn define_stack_map_table(&mut self) -> Result<(), BackendError> {
        let (words, relocs) = table(&self.stack_maps);
        let bytes = words.iter().flat_map(|w| w.to_le_bytes()).collect();
        let id = self.stack_map_table;
        self.define_data(id, bytes, &relocs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lists_each_function_with_its_call_sites() {
        let f = FuncId::from_u32(3);
        let sites = vec![Site { return_offset: 0x24, frame_size: 48, offsets: vec![8, 16] }];
        let (words, relocs) = table(&[(f, sites), (FuncId::from_u32(4), Vec::new())]);
        assert_eq!(words, vec![2, 0, 1, 0x24, 48, 2, 8, 16, 0, 0]);
        assert_eq!(relocs, vec![(8, f), (64, FuncId::from_u32(4))]);
    }
}
