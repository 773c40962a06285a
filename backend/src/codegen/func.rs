//! Translation of one IR function to Cranelift: variables become Cranelift variables,
//! blocks become blocks, heap values live across a collection are kept in the function's
//! shadow-stack frame (stored before each call that may collect, reloaded after it),
//! a call's result 0 means an exception is pending, and a call whose result the block
//! returns is a tail call (of the function itself: a jump back to its start).

use std::collections::HashMap;
use super::analysis::{self, Plan};
use super::apply::{frame_slot, pop_frame, push_frame, push_into};
use super::stack_maps::record_frame;
use super::trampolines::{Trampoline, MAX_KEPT_BY_TRAMPOLINE};
use super::{mem, regs_address, tail_sig, Gen};
use crate::abi::{self, RtFn};
use crate::layout::{self, tagged};
use crate::BackendError;
use anerisc_ir::ir::*;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types::{F64, I64}, BlockArg, InstBuilder, StackSlot, StackSlotData, StackSlotKind, TrapCode, Value};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Switch, Variable};
use cranelift_module::{DataId, Module};

/// The state of one function's translation.
pub struct FnGen<'g, 'p, 'b> {
    pub g: &'g mut Gen<'p>,
    pub b: FunctionBuilder<'b>,
    pub f: &'p Function,
    pub plan: Plan,
    vars: Vec<Variable>,
    blocks: Vec<cranelift_codegen::ir::Block>,
    frame: Option<StackSlot>,
    /// The stack slots of immediates kept across calls (no shadow-stack frame: the
    /// collector never reads them).
    imm_frame: Option<StackSlot>,
    closure: Value,
    /// The blocks propagating a pending exception of compiled code, without and with the
    /// frame pushed (made when first needed).
    exn_block: [Option<cranelift_codegen::ir::Block>; 2],
    /// The blocks raising the runtime's pending exception, without and with the frame.
    rt_exn_block: [Option<cranelift_codegen::ir::Block>; 2],
    /// True while the code emitted runs with the function's frame pushed.
    framed: bool,
    /// Edges between blocks entered in different frame states: the block made for the edge,
    /// the target and its arguments, and whether the edge pushes the frame (else pops it).
    edges: Vec<(cranelift_codegen::ir::Block, cranelift_codegen::ir::Block, Vec<BlockArg>, bool)>,
    /// Edges to blocks that only return, made into returns of their own: the block made,
    /// the value returned and whether the frame is pushed there.
    returns: Vec<(cranelift_codegen::ir::Block, Value, bool)>,
    /// The slotted variables to reload after a call inside the current instruction.
    pub live: Vec<Var>,
    /// The immediate variables to reload after a call inside the current instruction.
    pub live_imm: Vec<Var>,
    /// Tagged booleans made from a condition (`bool_of`), with that condition: a branch on
    /// one of these values tests the condition itself.
    pub conds: HashMap<Value, Value>,
    /// The variable the current instruction defines.
    pub dest: Option<Var>,
    /// The raw doubles of float variables computed unboxed (and of float constants).
    pub raw: HashMap<Var, Value>,
    /// The address of `anerisc_regs` computed once at entry, in functions with loops:
    /// Cranelift would hoist each use's own computation out of the loops, each into a
    /// callee-saved register.
    regs_once: Option<Value>,
    /// The function translated.
    id: FuncId,
    /// The block that takes the closure and the parameters and runs the body: a tail call
    /// of the function itself jumps there with the new arguments (the frame stays).
    restart: Option<cranelift_codegen::ir::Block>,
}

/// Block arguments from values.
pub fn bargs(vs: &[Value]) -> Vec<BlockArg> {
    vs.iter().map(|v| BlockArg::Value(*v)).collect()
}

impl Gen<'_> {
    /// Translates IR function `id`.
    pub(super) fn function(&mut self, id: FuncId) -> Result<(), BackendError> {
        let program = self.program;
        let f = program.func(id);
        let arity = |g: FuncId| program.func(g).params.len();
        let collects = |g: FuncId| self.effects.collects[g.0 as usize];
        let polls_on_entry = |g: FuncId| self.effects.polls_on_entry[g.0 as usize];
        let plan = analysis::plan(f, id, &arity, &collects, &polls_on_entry);
        self.begin(tail_sig(f.params.len()));
        let mut func = std::mem::replace(&mut self.ctx.func, cranelift_codegen::ir::Function::new());
        let mut fctx = std::mem::replace(&mut self.fctx, FunctionBuilderContext::new());
        let b = FunctionBuilder::new(&mut func, &mut fctx);
        let mut fg = FnGen { g: self, b, f, plan, vars: Vec::new(), blocks: Vec::new(), frame: None, imm_frame: None, closure: Value::from_u32(0), exn_block: [None; 2], rt_exn_block: [None; 2], framed: false, edges: Vec::new(), returns: Vec::new(), live: Vec::new(), live_imm: Vec::new(), conds: HashMap::new(), dest: None, raw: HashMap::new(), regs_once: None, id, restart: None };
        fg.body()?;
        let FnGen { mut b, .. } = fg;
        b.seal_all_blocks();
        b.finalize(self.module.isa().frontend_config());
        self.fctx = fctx;
        self.ctx.func = func;
        let cid = self.funcs[id.0 as usize];
        self.end(cid, &f.name)
    }
}

impl FnGen<'_, '_, '_> {
    fn body(&mut self) -> Result<(), BackendError> {
        let nvars = self.f.vars.len() + 1;
        for i in 0..nvars {
            // A raw float ref's variable holds its contents as a raw double.
            let ty = if self.plan.raw[i] && self.plan.local_ref[i] { F64 } else { I64 };
            let v = self.b.declare_var(ty);
            if self.plan.stack_mapped[i] {
                self.b.declare_var_needs_stack_map(v);
            }
            self.vars.push(v);
        }
        let entry = self.b.create_block();
        self.b.append_block_params_for_function_params(entry);
        for blk in &self.f.blocks {
            let cb = self.b.create_block();
            for _ in &blk.params {
                self.b.append_block_param(cb, I64);
            }
            self.blocks.push(cb);
        }
        self.b.switch_to_block(entry);
        let params: Vec<Value> = self.b.block_params(entry).to_vec();
        self.closure = params[0];
        if self.plan.loops {
            self.regs_once = Some(self.regs_here()?);
        }
        if self.plan.slots > 0 {
            self.frame = Some(frame_slot(&mut self.b, self.plan.slots));
        }
        if self.plan.framed_in.first() == Some(&true) {
            self.push()?;
        }
        if self.plan.imm_slots > 0 {
            let data = StackSlotData::new(StackSlotKind::ExplicitSlot, 8 * self.plan.imm_slots, 3);
            self.imm_frame = Some(self.b.create_sized_stack_slot(data));
        }
        let restart = self.b.create_block();
        self.restart = Some(restart);
        // Raw float parameters are unboxed once, here; a self tail call passes raw doubles.
        let mut first = vec![params[0]];
        for (v, x) in self.f.params.iter().zip(&params[1..]) {
            first.push(if self.plan.raw[v.0 as usize] { self.b.ins().load(F64, mem(), *x, 0) } else { *x });
        }
        self.b.ins().jump(restart, &bargs(&first));
        self.b.switch_to_block(restart);
        // The environment is read again on every restart: the closure may have moved.
        let closure = self.b.append_block_param(restart, I64);
        for v in &self.f.params {
            if self.plan.raw[v.0 as usize] {
                let x = self.b.append_block_param(restart, F64);
                self.raw.insert(*v, x);
            } else {
                let x = self.b.append_block_param(restart, I64);
                self.def(*v, x);
            }
        }
        self.def(self.plan.self_var, closure);
        for (j, v) in self.f.env.iter().enumerate() {
            let x = self.b.ins().load(I64, mem(), closure, 8 * (layout::CLOSURE_ENV + j as i32));
            self.def(*v, x);
        }
        let first = self.blocks[0];
        self.b.ins().jump(first, &[]);
        for bi in 0..self.f.blocks.len() {
            self.block(bi)?;
        }
        self.exn_blocks()
    }

    /// The address of `anerisc_regs`.
    pub fn regs(&mut self) -> Result<Value, BackendError> {
        if let Some(r) = self.regs_once {
            return Ok(r);
        }
        self.regs_here()
    }

    /// The address of `anerisc_regs`, computed where the code is.
    fn regs_here(&mut self) -> Result<Value, BackendError> {
        regs_address(&mut self.g.module, &mut self.b)
    }

    /// The address of a data object of the module.
    pub fn data_addr(&mut self, d: DataId) -> Value {
        let gv = self.g.module.declare_data_in_func(d, self.b.func);
        self.b.ins().symbol_value(I64, gv)
    }

    /// The value of a static block (its address past the header).
    pub fn static_value(&mut self, d: DataId) -> Value {
        let a = self.data_addr(d);
        self.b.ins().iadd_imm_s(a, 8)
    }

    /// A variable's current value.
    pub fn use_(&mut self, v: Var) -> Value {
        self.b.use_var(self.vars[v.0 as usize])
    }

    /// Defines a variable.
    pub fn def(&mut self, v: Var, x: Value) {
        self.b.def_var(self.vars[v.0 as usize], x);
    }

    /// The variables of `self.live` and `self.live_imm` that have a slot: the slot's stack
    /// slot and offset.
    fn slotted(&self) -> Vec<(Var, StackSlot, i32)> {
        let heap = self.frame.filter(|_| self.framed).into_iter().flat_map(|ss| self.live.iter().filter_map(move |v| self.plan.slot[v.0 as usize].map(|s| (*v, ss, 16 + 8 * s as i32))));
        let imm = self.imm_frame.into_iter().flat_map(|ss| self.live_imm.iter().filter_map(move |v| self.plan.imm_slot[v.0 as usize].map(|s| (*v, ss, 8 * s as i32))));
        heap.chain(imm).collect()
    }

    /// Stores the variables of `self.live` (and `self.live_imm`) in their slots (before a
    /// call that may collect).
    pub fn spill(&mut self) {
        for (v, ss, offset) in self.slotted() {
            let x = self.use_(v);
            self.b.ins().stack_store(I64, x, ss, offset);
        }
    }

    /// Reloads the variables of `self.live` (and `self.live_imm`) from their slots (after a
    /// call that may collect).
    pub fn reload(&mut self) {
        for (v, ss, offset) in self.slotted() {
            let x = self.b.ins().stack_load(I64, I64, ss, offset);
            self.b.def_var(self.vars[v.0 as usize], x);
        }
    }

    /// Pushes the function's frame (its slots hold units until stored).
    fn push(&mut self) -> Result<(), BackendError> {
        self.push_filling(&[])
    }

    /// Pushes the function's frame, its slots holding units except `stored`, which the
    /// code that follows stores before anything can collect.
    fn push_filling(&mut self, stored: &[u32]) -> Result<(), BackendError> {
        if let Some(ss) = self.frame {
            let regs = self.regs()?;
            push_into(&mut self.b, regs, ss, self.plan.slots as u64);
            let unit = self.b.ins().iconst(I64, layout::UNIT);
            for s in (0..self.plan.slots).filter(|s| !stored.contains(s)) {
                self.b.ins().stack_store(I64, unit, ss, 16 + 8 * s as i32);
            }
        }
        self.framed = true;
        Ok(())
    }

    /// Pops the function's frame when it is pushed.
    fn pop(&mut self) -> Result<(), BackendError> {
        if let (Some(ss), true) = (self.frame, self.framed) {
            let regs = self.regs()?;
            pop_frame(&mut self.b, regs, ss);
        }
        Ok(())
    }

    /// The block that propagates the pending exception of compiled code (pop, return 0).
    fn exn_block(&mut self) -> Result<cranelift_codegen::ir::Block, BackendError> {
        let i = self.framed as usize;
        Ok(*self.exn_block[i].get_or_insert_with(|| self.b.create_block()))
    }

    /// The block that raises the runtime's pending exception.
    fn rt_exn_block(&mut self) -> Result<cranelift_codegen::ir::Block, BackendError> {
        let i = self.framed as usize;
        Ok(*self.rt_exn_block[i].get_or_insert_with(|| self.b.create_block()))
    }

    /// Fills the exception blocks made (after every other block).
    fn exn_blocks(&mut self) -> Result<(), BackendError> {
        for framed in [false, true] {
            self.framed = framed;
            if let Some(e) = self.exn_block[framed as usize] {
                self.b.switch_to_block(e);
                self.pop()?;
                let z = self.b.ins().iconst(I64, 0);
                self.b.ins().return_(&[z]);
            }
            if let Some(r) = self.rt_exn_block[framed as usize] {
                self.b.switch_to_block(r);
                self.pop()?;
                let fr = self.g.module.declare_func_in_func(self.g.rt_raise, self.b.func);
                let unit = self.b.ins().iconst(I64, layout::UNIT);
                self.b.ins().return_call(fr, &[unit]);
            }
        }
        Ok(())
    }

    /// The way to IR block `s` with `args` from the current state: a block made for the
    /// edge when `s` is entered in the other frame state (filled by [`Self::fill_edges`]).
    fn edge(&mut self, s: BlockId, args: Vec<BlockArg>) -> (cranelift_codegen::ir::Block, Vec<BlockArg>) {
        let target = self.blocks[s.0 as usize];
        let framed = self.plan.framed_in[s.0 as usize];
        if framed == self.framed {
            return (target, args);
        }
        let e = self.b.create_block();
        self.edges.push((e, target, args, framed));
        (e, Vec::new())
    }

    /// Fills the edge blocks and return blocks made for the current block's terminator.
    fn fill_edges(&mut self) -> Result<(), BackendError> {
        for (e, target, args, push) in std::mem::take(&mut self.edges) {
            self.b.switch_to_block(e);
            self.framed = !push;
            if push {
                self.push()?;
            } else {
                self.pop()?;
            }
            self.b.ins().jump(target, &args);
        }
        for (ret, value, framed) in std::mem::take(&mut self.returns) {
            self.b.switch_to_block(ret);
            self.framed = framed;
            self.pop()?;
            self.b.ins().return_(&[value]);
        }
        Ok(())
    }

    /// Continues when `r` is not 0; otherwise propagates the pending exception.
    pub fn check(&mut self, r: Value) -> Result<(), BackendError> {
        let bad = self.exn_block()?;
        let ok = self.b.create_block();
        self.b.ins().brif(r, ok, &[], bad, &[]);
        self.b.switch_to_block(ok);
        Ok(())
    }

    /// Calls a runtime function (a possible collection: spills `self.live` before it and
    /// reloads it after).
    pub fn rt(&mut self, f: &RtFn, args: &[Value]) -> Result<Value, BackendError> {
        if self.plan.loops {
            // Through a call: computed here, the pointers would be hoisted out of the loop.
            let rc = self.g.trampoline(Trampoline::RecordCaller)?;
            let fr = self.g.module.declare_func_in_func(rc, self.b.func);
            self.b.ins().call(fr, &[]);
        } else {
            let regs = self.regs()?;
            record_frame(&mut self.b, regs);
        }
        self.spill();
        let id = self.g.runtime_fn(f)?;
        let fr = self.g.module.declare_func_in_func(id, self.b.func);
        let call = self.b.ins().call(fr, args);
        let r = self.b.inst_results(call).first().copied();
        self.reload();
        Ok(r.unwrap_or_else(|| self.b.ins().iconst(I64, layout::UNIT)))
    }

    /// Calls a runtime function that raises by returning 0.
    pub fn rt_checked(&mut self, f: &RtFn, args: &[Value]) -> Result<Value, BackendError> {
        let r = self.rt(f, args)?;
        let bad = self.rt_exn_block()?;
        let ok = self.b.create_block();
        self.b.ins().brif(r, ok, &[], bad, &[]);
        self.b.switch_to_block(ok);
        Ok(r)
    }

    /// Raises exception value `e`.
    pub fn raise(&mut self, e: Value) -> Result<(), BackendError> {
        let p = self.data_addr(self.g.pending);
        self.b.ins().store(mem(), e, p, 0);
        let bad = self.exn_block()?;
        self.b.ins().jump(bad, &[]);
        let dead = self.b.create_block();
        self.b.switch_to_block(dead);
        Ok(())
    }

    /// A new block of `size` fields with `tag` (fields to be filled by the caller): bumped
    /// from the nursery inline, through the runtime when it is full.
    pub fn alloc(&mut self, tag: u8, size: usize) -> Result<Value, BackendError> {
        let join = self.b.create_block();
        let v = self.b.append_block_param(join, I64);
        if size <= super::alloc::MAX_INLINE_FIELDS {
            let regs = self.regs()?;
            let slow = self.b.create_block();
            let fast = super::alloc::bump(&mut self.b, regs, tag, size, slow);
            self.b.ins().jump(join, &bargs(&[fast]));
            self.b.switch_to_block(slow);
        }
        let t = self.b.ins().iconst(I64, tag as i64);
        let n = self.b.ins().iconst(I64, size as i64);
        // A small block's allocation never fails (running out of memory is fatal there).
        let r = if size <= super::alloc::MAX_INLINE_FIELDS { self.rt(&abi::ALLOC_SMALL, &[t, n])? } else { self.rt_checked(&abi::ALLOC, &[t, n])? };
        self.b.ins().jump(join, &bargs(&[r]));
        self.b.switch_to_block(join);
        Ok(v)
    }

    /// A new block holding `fields` (values read after the allocation).
    pub fn make(&mut self, tag: u8, fields: &[Var]) -> Result<Value, BackendError> {
        let blk = self.alloc(tag, fields.len())?;
        for (i, v) in fields.iter().enumerate() {
            let x = self.use_(*v);
            self.store_field(blk, i, x)?;
        }
        Ok(blk)
    }

    /// An initialising store into a fresh block (through the barrier for big blocks).
    pub fn store_field(&mut self, blk: Value, i: usize, x: Value) -> Result<(), BackendError> {
        self.b.ins().store(mem(), x, blk, 8 * i as i32);
        Ok(())
    }

    /// An exception value `id(args)` (arguments given as values, no allocation between).
    pub fn exn_value(&mut self, id: u32, args: &[Var]) -> Result<Value, BackendError> {
        let blk = self.alloc(layout::EXN_TAG, 1 + args.len())?;
        let idv = self.b.ins().iconst(I64, tagged(id as i64));
        self.b.ins().store(mem(), idv, blk, 0);
        for (i, v) in args.iter().enumerate() {
            let x = self.use_(*v);
            self.b.ins().store(mem(), x, blk, 8 * (1 + i as i32));
        }
        Ok(blk)
    }

    /// Raises a predefined exception with a literal string argument (or none).
    pub fn raise_predefined(&mut self, id: u32, msg: Option<&str>) -> Result<(), BackendError> {
        let n = msg.is_some() as usize;
        let blk = self.alloc(layout::EXN_TAG, 1 + n)?;
        let idv = self.b.ins().iconst(I64, tagged(id as i64));
        self.b.ins().store(mem(), idv, blk, 0);
        if let Some(m) = msg {
            let s = self.g.string(m.as_bytes())?;
            let sv = self.static_value(s);
            self.b.ins().store(mem(), sv, blk, 8);
        }
        self.raise(blk)
    }

    /// Polls for a yield request (a possible thread switch: keeps `self.live` in a frame
    /// pushed around the call, the trampoline's when they are few).
    fn poll(&mut self) -> Result<(), BackendError> {
        let regs = self.regs()?;
        let flag = self.b.ins().load(I64, mem(), regs, layout::regs::YIELD_REQUESTED);
        let slow = self.b.create_block();
        let done = self.b.create_block();
        self.b.ins().brif(flag, slow, &[], done, &[]);
        self.b.set_cold_block(slow);
        self.b.switch_to_block(slow);
        let keep = self.live.len();
        if (1..=MAX_KEPT_BY_TRAMPOLINE).contains(&keep) {
            // The trampoline keeps the values in a frame of its own: this function then needs
            // no stack slot for one (nor its address, which Cranelift would hoist).
            let live = std::mem::take(&mut self.live);
            let vals: Vec<Value> = live.iter().map(|v| self.use_(*v)).collect();
            let id = self.g.trampoline(Trampoline::YieldKeeping(keep as u8))?;
            let fr = self.g.module.declare_func_in_func(id, self.b.func);
            self.b.ins().call(fr, &vals);
            let regs = self.regs()?;
            for (i, v) in live.iter().enumerate() {
                let x = self.b.ins().load(I64, mem(), regs, layout::regs::KEPT + 8 * i as i32);
                self.b.def_var(self.vars[v.0 as usize], x);
            }
        } else if !self.live.is_empty() {
            let live = std::mem::take(&mut self.live);
            let vals: Vec<Value> = live.iter().map(|v| self.use_(*v)).collect();
            let ss = push_frame(&mut self.b, regs, &vals);
            self.yield_all()?;
            for (i, v) in live.iter().enumerate() {
                let x = self.b.ins().stack_load(I64, I64, ss, 16 + 8 * i as i32);
                self.b.def_var(self.vars[v.0 as usize], x);
            }
            let regs = self.regs()?;
            pop_frame(&mut self.b, regs, ss);
        } else {
            self.yield_all()?;
        }
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(done);
        Ok(())
    }

    /// Calls the yield trampoline (which preserves every register).
    fn yield_all(&mut self) -> Result<(), BackendError> {
        let id = self.g.trampoline(Trampoline::Yield)?;
        let fr = self.g.module.declare_func_in_func(id, self.b.func);
        self.b.ins().call(fr, &[]);
        Ok(())
    }

    fn block(&mut self, bi: usize) -> Result<(), BackendError> {
        let f = self.f;
        let blk = &f.blocks[bi];
        let cb = self.blocks[bi];
        self.b.switch_to_block(cb);
        let ps: Vec<Value> = self.b.block_params(cb).to_vec();
        for (v, x) in blk.params.iter().zip(ps) {
            self.def(*v, x);
        }
        self.framed = self.plan.framed_in[bi];
        if (bi == 0 && self.plan.entry_poll) || self.plan.loop_poll[bi] {
            self.live = self.plan.live_in[bi].clone();
            self.live_imm.clear();
            self.poll()?;
        }
        // Pushed after the poll, which keeps what is live in a frame of its own: nothing
        // collects before the block's first collection, whose stores fill some slots.
        if !self.framed && self.plan.needs_frame[bi] {
            let stored = self.plan.stored_first[bi].clone();
            self.push_filling(&stored)?;
        }
        for (i, inst) in blk.insts.iter().enumerate() {
            self.live = self.plan.live_after[bi][i].clone();
            self.live_imm = self.plan.imm_after[bi][i].clone();
            if analysis::is_tail_call(f, blk, i) {
                self.tail_call(&inst.kind)?;
                return Ok(());
            }
            self.dest = inst.dest;
            let r = self.inst(&inst.kind, inst.dest)?;
            if let (Some(d), Some(r)) = (inst.dest, r) {
                self.def(d, r);
            }
        }
        self.live = self.plan.live_after_term[bi].clone();
        self.live_imm = self.plan.imm_after_term[bi].clone();
        self.terminator(&blk.term)?;
        self.fill_edges()
    }

    fn target(&mut self, t: &Target) -> (cranelift_codegen::ir::Block, Vec<BlockArg>) {
        self.target_knowing(t, None)
    }

    /// The way to target `t`, where `known` gives a variable's value on this edge.
    fn target_knowing(&mut self, t: &Target, known: Option<(Var, i64)>) -> (cranelift_codegen::ir::Block, Vec<BlockArg>) {
        let vs: Vec<Value> = t
            .args
            .iter()
            .map(|v| match known {
                Some((k, x)) if k == *v => self.b.ins().iconst(I64, x),
                _ => self.use_(*v),
            })
            .collect();
        // A jump to blocks that only pass values on to a return returns at once (as the
        // value an `&&` chain makes on each of its exits: the constant is then set on the
        // exit's own path, not before each test).
        if let Some(value) = self.returned(t.block, &vs) {
            let ret = self.b.create_block();
            self.returns.push((ret, value, self.framed));
            return (ret, Vec::new());
        }
        self.edge(t.block, bargs(&vs))
    }

    /// The value block `b`, entered with `args`, returns when it and the blocks it jumps to
    /// do nothing else.
    fn returned(&mut self, b: BlockId, args: &[Value]) -> Option<Value> {
        // The parameters of the blocks passed through, bound to their values on this path.
        let mut bound: HashMap<Var, Value> = HashMap::new();
        let (mut b, mut args) = (b, args.to_vec());
        for _ in 0..8 {
            let blk = &self.f.blocks[b.0 as usize];
            if !blk.insts.is_empty() {
                return None;
            }
            bound.extend(blk.params.iter().copied().zip(args.iter().copied()));
            let value_of = |fg: &mut Self, v: &Var| bound.get(v).copied().unwrap_or_else(|| fg.use_(*v));
            match &blk.term {
                Terminator::Return(r) => return Some(value_of(self, r)),
                Terminator::Jump(t) => {
                    args = t.args.iter().map(|v| value_of(self, v)).collect();
                    b = t.block;
                }
                _ => return None,
            }
        }
        None
    }

    fn terminator(&mut self, t: &Terminator) -> Result<(), BackendError> {
        match t {
            Terminator::Jump(t) => {
                let (b, a) = self.target(t);
                self.b.ins().jump(b, &a);
            }
            Terminator::Branch(c, yes, no) => {
                let cv = self.use_(*c);
                let test = match self.conds.get(&cv) {
                    Some(cond) => *cond,
                    None => self.b.ins().icmp_imm_s(IntCC::NotEqual, cv, layout::UNIT),
                };
                // On each edge the condition is known: passing it on passes a constant (the
                // tagged boolean of an `&&` or `||` chain is then only made where it is read).
                let (yb, ya) = self.target_knowing(yes, Some((*c, layout::TRUE)));
                let (nb, na) = self.target_knowing(no, Some((*c, layout::UNIT)));
                self.b.ins().brif(test, yb, &ya, nb, &na);
            }
            Terminator::Return(v) => {
                let x = self.use_(*v);
                self.pop()?;
                self.b.ins().return_(&[x]);
            }
            Terminator::Unreachable => {
                self.b.ins().trap(TrapCode::unwrap_user(3));
            }
            Terminator::TryCall { body, normal, handler } => {
                let f = self.use_(*body);
                let unit = self.b.ins().iconst(I64, layout::UNIT);
                let r = self.apply_values(f, &[unit], false)?;
                self.reload();
                let (ok, ok_args) = self.edge(*normal, bargs(&[r]));
                let bad = self.b.create_block();
                self.b.ins().brif(r, ok, &ok_args, bad, &[]);
                self.b.switch_to_block(bad);
                let p = self.data_addr(self.g.pending);
                let e = self.b.ins().load(I64, mem(), p, 0);
                let (h, h_args) = self.edge(*handler, bargs(&[e]));
                self.b.ins().jump(h, &h_args);
            }
            Terminator::Switch { value, cases, default } => self.switch(*value, cases, *default)?,
        }
        Ok(())
    }

    fn switch(&mut self, value: Var, cases: &[(Key, BlockId)], default: Option<BlockId>) -> Result<(), BackendError> {
        let v = self.use_(value);
        let trap = self.b.create_block();
        // Each target through its edge (one per target block).
        let mut to: HashMap<BlockId, cranelift_codegen::ir::Block> = HashMap::new();
        for b in cases.iter().map(|(_, b)| *b).chain(default) {
            if !to.contains_key(&b) {
                let (e, _) = self.edge(b, Vec::new());
                to.insert(b, e);
            }
        }
        let to = |b: &BlockId| to.get(b).copied().unwrap_or(trap);
        let otherwise = default.map_or(trap, |d| to(&d));
        let imms: Vec<(i64, BlockId)> = cases.iter().filter_map(|(k, b)| if let Key::Imm(n) = k { Some((*n, *b)) } else { None }).collect();
        let tags: Vec<(u32, BlockId)> = cases.iter().filter_map(|(k, b)| if let Key::Tag(t) = k { Some((*t, *b)) } else { None }).collect();
        let others: Vec<(Key, BlockId)> = cases.iter().filter(|(k, _)| !matches!(k, Key::Imm(_) | Key::Tag(_))).cloned().collect();
        if !tags.is_empty() || !imms.is_empty() {
            let imm_block = self.b.create_block();
            let tag_block = self.b.create_block();
            if tags.is_empty() {
                self.b.ins().jump(imm_block, &[]);
            } else if imms.is_empty() && !matches!(self.f.ty(value), Ty::Data | Ty::Any) {
                self.b.ins().jump(tag_block, &[]);
            } else {
                let low = self.b.ins().band_imm_s(v, 1);
                self.b.ins().brif(low, imm_block, &[], tag_block, &[]);
            }
            // Without a default the cases are exhaustive: the last one needs no test.
            let last = |case: Option<BlockId>| match (default, case) {
                (None, Some(b)) => to(&b),
                _ => otherwise,
            };
            let (imm_otherwise, tag_otherwise) = (last(imms.last().map(|c| c.1)), last(tags.last().map(|c| c.1)));
            self.b.switch_to_block(imm_block);
            let mut sw = Switch::new();
            for (n, b) in &imms {
                let key = tagged(*n) as u64 as u128;
                if !sw.entries().contains_key(&key) {
                    sw.set_entry(key, to(b));
                }
            }
            sw.emit(&mut self.b, v, imm_otherwise);
            self.b.switch_to_block(tag_block);
            if tags.iter().all(|(_, b)| to(b) == tag_otherwise) {
                self.b.ins().jump(tag_otherwise, &[]);
            } else {
                let t = self.b.ins().uload8(I64, mem(), v, -8);
                let mut sw = Switch::new();
                for (n, b) in &tags {
                    if !sw.entries().contains_key(&(*n as u128)) {
                        sw.set_entry(*n as u128, to(b));
                    }
                }
                sw.emit(&mut self.b, t, tag_otherwise);
            }
        } else {
            for (k, b) in others {
                let hit = match k {
                    Key::Str(s) => {
                        let d = self.g.string(&s)?;
                        let sv = self.static_value(d);
                        let eq = self.rt(&abi::EQUAL, &[v, sv])?;
                        self.b.ins().icmp_imm_s(IntCC::Equal, eq, layout::TRUE)
                    }
                    Key::Float(x) => {
                        let a = self.b.ins().load(cranelift_codegen::ir::types::F64, mem(), v, 0);
                        let c = self.b.ins().f64const(x);
                        self.b.ins().fcmp(cranelift_codegen::ir::condcodes::FloatCC::Equal, a, c)
                    }
                    Key::Exn(id) => {
                        let n = self.b.ins().load(I64, mem(), v, 0);
                        self.b.ins().icmp_imm_s(IntCC::Equal, n, tagged(id.0 as i64))
                    }
                    Key::Imm(_) | Key::Tag(_) => continue,
                };
                let next = self.b.create_block();
                self.b.ins().brif(hit, to(&b), &[], next, &[]);
                self.b.switch_to_block(next);
            }
            self.b.ins().jump(otherwise, &[]);
        }
        self.b.switch_to_block(trap);
        self.b.ins().trap(TrapCode::unwrap_user(4));
        Ok(())
    }

    /// Applies closure value `f` to `args`: a direct call of its code when its arity is
    /// `args.len()`, the generic helper otherwise. With `tail`, a tail call (the frame is
    /// popped first); without, spills `self.live` and returns the result (0: exception
    /// pending).
    pub fn apply_values(&mut self, f: Value, args: &[Value], tail: bool) -> Result<Value, BackendError> {
        if !tail {
            self.spill();
        }
        let n = args.len();
        let mut all = vec![f];
        all.extend_from_slice(args);
        let helper = self.g.apply_fn(n)?;
        let arity = self.b.ins().load(I64, mem(), f, 8);
        let exact = self.b.ins().icmp_imm_s(IntCC::Equal, arity, tagged(n as i64));
        let direct = self.b.create_block();
        let generic = self.b.create_block();
        self.b.ins().brif(exact, direct, &[], generic, &[]);
        let join = self.b.create_block();
        self.b.append_block_param(join, I64);
        self.b.switch_to_block(direct);
        let code = self.b.ins().load(I64, mem(), f, 0);
        let sig = self.b.import_signature(tail_sig(n));
        if tail {
            self.pop()?;
            self.b.ins().return_call_indirect(sig, code, &all);
        } else {
            let call = self.b.ins().call_indirect(sig, code, &all);
            let r = self.b.inst_results(call)[0];
            self.b.ins().jump(join, &bargs(&[r]));
        }
        self.b.switch_to_block(generic);
        let hr = self.g.module.declare_func_in_func(helper, self.b.func);
        if tail {
            self.pop()?;
            self.b.ins().return_call(hr, &all);
            let dead = self.b.create_block();
            self.b.switch_to_block(dead);
            self.b.ins().trap(TrapCode::unwrap_user(5));
            return Ok(f);
        }
        let call = self.b.ins().call(hr, &all);
        let r = self.b.inst_results(call)[0];
        self.b.ins().jump(join, &bargs(&[r]));
        self.b.switch_to_block(join);
        Ok(self.b.block_params(join)[0])
    }

    /// The callee of a direct call: IR function and closure value, for `Call` and for
    /// `Apply` of a sibling closure with exactly its arity.
    fn direct(&mut self, k: &InstKind) -> Option<(FuncId, Value, Vec<Var>)> {
        match k {
            InstKind::Call(f, args) => {
                // A function without environment never reads its closure: any value will do,
                // and the first argument costs nothing (a constant would be kept in a
                // callee-saved register across the caller's calls).
                let c = match args.first() {
                    Some(a) => self.use_(*a),
                    None => self.b.ins().iconst(I64, layout::UNIT),
                };
                Some((*f, c, args.clone()))
            }
            InstKind::Apply(fv, args) => match self.plan.sibling_of[fv.0 as usize] {
                Some(g) if self.g.program.func(g).params.len() == args.len() => {
                    let c = self.use_(self.plan.self_var);
                    Some((g, c, args.clone()))
                }
                _ => None,
            },
            _ => None,
        }
    }

    fn tail_call(&mut self, k: &InstKind) -> Result<(), BackendError> {
        if let Some((g, c, args)) = self.direct(k) {
            if let (true, Some(restart)) = (g == self.id, self.restart) {
                // A sibling call passes the current closure; a `Call` is of a function
                // without environment, whose closure never moves.
                let mut all = vec![self.use_(self.plan.self_var)];
                for (a, p) in args.iter().zip(&self.f.params) {
                    let x = if self.plan.raw[p.0 as usize] { self.float_in(*a) } else { self.use_(*a) };
                    all.push(x);
                }
                // The start is entered in the frame state of the function's entry.
                match (self.framed, self.plan.framed_in.first() == Some(&true)) {
                    (false, true) => self.push()?,
                    (true, false) => {
                        self.pop()?;
                        self.framed = false;
                    }
                    _ => {}
                }
                self.b.ins().jump(restart, &bargs(&all));
                return Ok(());
            }
            let vals: Vec<Value> = args.iter().map(|v| self.use_(*v)).collect();
            let mut all = vec![c];
            all.extend(vals);
            self.pop()?;
            let fr = self.g.module.declare_func_in_func(self.g.funcs[g.0 as usize], self.b.func);
            self.b.ins().return_call(fr, &all);
            return Ok(());
        }
        let InstKind::Apply(fv, args) = k else { return Err(BackendError::Codegen("tail call of something else".into())) };
        let f = self.use_(*fv);
        let a: Vec<Value> = args.iter().map(|v| self.use_(*v)).collect();
        self.apply_values(f, &a, true)?;
        Ok(())
    }

    /// A call (direct or generic) that is not a tail call: result checked, live values reloaded.
    pub fn call(&mut self, k: &InstKind) -> Result<Value, BackendError> {
        let r = if let Some((g, c, args)) = self.direct(k) {
            let mut all = vec![c];
            all.extend(args.iter().map(|v| self.use_(*v)));
            let fr = self.g.module.declare_func_in_func(self.g.funcs[g.0 as usize], self.b.func);
            self.spill();
            let call = self.b.ins().call(fr, &all);
            let r = self.b.inst_results(call)[0];
            if !self.g.effects.raises[g.0 as usize] {
                self.reload();
                return Ok(r);
            }
            r
        } else {
            let InstKind::Apply(fv, args) = k else { return Err(BackendError::Codegen("call of something else".into())) };
            let f = self.use_(*fv);
            let a: Vec<Value> = args.iter().map(|v| self.use_(*v)).collect();
            self.apply_values(f, &a, false)?
        };
        self.reload();
        self.check(r)?;
        Ok(r)
    }

    /// A closure of `id` capturing `caps`.
    fn closure(&mut self, id: FuncId, caps: &[Var]) -> Result<Value, BackendError> {
        if caps.is_empty() {
            let d = self.g.static_closure(id)?;
            return Ok(self.static_value(d));
        }
        let blk = self.alloc(layout::CLOSURE_TAG, 2 + caps.len())?;
        let fr = self.g.module.declare_func_in_func(self.g.funcs[id.0 as usize], self.b.func);
        let code = self.b.ins().func_addr(I64, fr);
        self.b.ins().store(mem(), code, blk, 0);
        let ar = self.b.ins().iconst(I64, tagged(self.g.program.func(id).params.len() as i64));
        self.b.ins().store(mem(), ar, blk, 8);
        for (i, v) in caps.iter().enumerate() {
            let x = self.use_(*v);
            self.b.ins().store(mem(), x, blk, 16 + 8 * i as i32);
        }
        Ok(blk)
    }

    fn inst(&mut self, k: &InstKind, dest: Option<Var>) -> Result<Option<Value>, BackendError> {
        Ok(Some(match k {
            InstKind::Const(c) => self.constant(c)?,
            InstKind::Prim(p, args) => return self.prim(*p, args),
            InstKind::Printf(kind, pieces, args) => self.printf(*kind, pieces, args)?,
            InstKind::Global(gid) => {
                let a = self.data_addr(self.g.globals);
                self.b.ins().load(I64, mem(), a, 8 * gid.0 as i32)
            }
            InstKind::SetGlobal(gid, v) => {
                let x = self.use_(*v);
                let a = self.data_addr(self.g.globals);
                self.b.ins().store(mem(), x, a, 8 * gid.0 as i32);
                self.b.ins().iconst(I64, layout::UNIT)
            }
            InstKind::Closure(id, caps) => self.closure(*id, caps)?,
            InstKind::Sibling(id) => {
                if !dest.is_some_and(|d| self.plan.materialise[d.0 as usize]) {
                    return Ok(None);
                }
                let env = self.f.env.clone();
                self.closure(*id, &env)?
            }
            InstKind::Apply(..) | InstKind::Call(..) => self.call(k)?,
            InstKind::Make(..) if dest.is_some_and(|d| self.plan.tuple[d.0 as usize].is_some()) => return Ok(None),
            InstKind::Make(tag, args) => self.make(*tag as u8, args)?,
            InstKind::Field(v, i) => match &self.plan.tuple[v.0 as usize] {
                Some(fields) => {
                    let x = fields[*i as usize];
                    self.use_(x)
                }
                None => {
                    let x = self.use_(*v);
                    self.b.ins().load(I64, mem(), x, 8 * *i as i32)
                }
            },
            InstKind::MakeExn(e, args) => self.exn_value(e.0, args)?,
            InstKind::ExnArg(v, i) => {
                let x = self.use_(*v);
                self.b.ins().load(I64, mem(), x, 8 * (1 + *i as i32))
            }
            InstKind::Fork(f, x) => self.fork(*f, *x)?,
            InstKind::Chan { implementation: Some(gid), args, .. } => {
                let a = self.data_addr(self.g.globals);
                let f = self.b.ins().load(I64, mem(), a, 8 * gid.0 as i32);
                let vs: Vec<Value> = args.iter().map(|v| self.use_(*v)).collect();
                let r = self.apply_values(f, &vs, false)?;
                self.reload();
                self.check(r)?;
                r
            }
            InstKind::Chan { op, args, .. } => self.chan_op(*op, args)?,
        }))
    }

    fn fork(&mut self, f: Var, x: Var) -> Result<Value, BackendError> {
        let w = self.alloc(layout::CLOSURE_TAG, 4)?;
        let fr = self.g.module.declare_func_in_func(self.g.fork_entry, self.b.func);
        let code = self.b.ins().func_addr(I64, fr);
        self.b.ins().store(mem(), code, w, 0);
        let one = self.b.ins().iconst(I64, tagged(1));
        self.b.ins().store(mem(), one, w, 8);
        let fv = self.use_(f);
        self.b.ins().store(mem(), fv, w, 16);
        let counter = self.data_addr(self.g.threads);
        let n = self.b.ins().load(I64, mem(), counter, 0);
        let n1 = self.b.ins().iadd_imm_s(n, 1);
        self.b.ins().store(mem(), n1, counter, 0);
        let nt = self.b.ins().ishl_imm_s(n1, 1);
        let nt = self.b.ins().iadd_imm_s(nt, 1);
        self.b.ins().store(mem(), nt, w, 24);
        let xv = self.use_(x);
        self.rt_checked(&abi::FORK, &[w, xv])
    }

    fn constant(&mut self, c: &Const) -> Result<Value, BackendError> {
        Ok(match c {
            Const::Int(n) | Const::Ctor(n) => self.b.ins().iconst(I64, tagged(*n)),
            Const::Bool(b) => self.b.ins().iconst(I64, if *b { layout::TRUE } else { layout::UNIT }),
            Const::Char(ch) => self.b.ins().iconst(I64, tagged(*ch as i64)),
            Const::Unit => self.b.ins().iconst(I64, layout::UNIT),
            Const::Float(x) => {
                if let Some(d) = self.dest {
                    let raw = self.b.ins().f64const(*x);
                    self.raw.insert(d, raw);
                }
                let d = self.g.float(*x)?;
                self.static_value(d)
            }
            Const::Str(s) => {
                let d = self.g.string(s)?;
                self.static_value(d)
            }
        })
    }
}
