//! Inline allocation: compiled code bumps the nursery pointer of `anerisc_regs` itself and
//! calls the runtime's `anerisc_alloc` only when the nursery is full (or not mapped yet),
//! which collects and may switch threads.

use super::mem;
use crate::layout::{header, regs};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types::I64, Block, InstBuilder, Value};
use cranelift_frontend::FunctionBuilder;

/// Colour of blocks born in the nursery (`COLOR_SMALL` in `runtime/src/value.rs`).
const COLOR_YOUNG: u64 = 0;

/// Blocks of at most this many fields are allocated inline; bigger ones (rare in code with
/// statically known sizes) always go through the runtime.
pub const MAX_INLINE_FIELDS: usize = 256;

/// Emits the fast path of allocating `size` fields with `tag` from the nursery whose
/// registers live at `regs`: when the block fits, continues in a fresh block with the new
/// value (its fields unset: the caller fills them before anything else allocates);
/// otherwise jumps to `slow` (a block without parameters, marked cold).
pub fn bump(b: &mut FunctionBuilder, regs_addr: Value, tag: u8, size: usize, slow: Block) -> Value {
    let ptr = b.ins().load(I64, mem(), regs_addr, regs::ALLOC_PTR);
    let limit = b.ins().load(I64, mem(), regs_addr, regs::ALLOC_LIMIT);
    let next = b.ins().iadd_imm_s(ptr, 8 * (size as i64 + 1));
    // A null nursery (before the first allocation maps it) has a limit of 0: never fits.
    let fits = b.ins().icmp(IntCC::UnsignedLessThanOrEqual, next, limit);
    let fast = b.create_block();
    b.ins().brif(fits, fast, &[], slow, &[]);
    b.set_cold_block(slow);
    b.switch_to_block(fast);
    b.ins().store(mem(), next, regs_addr, regs::ALLOC_PTR);
    let h = b.ins().iconst(I64, header(size as u64, COLOR_YOUNG, tag) as i64);
    b.ins().store(mem(), h, ptr, 0);
    b.ins().iadd_imm_s(ptr, 8)
}
