//! Cranelift code generation for a whole program: one object module holding every IR
//! function, the generic application helpers, the static data (strings, floats, closures
//! of functions without environment), the globals and the C `main`.

mod alloc;
mod analysis;
mod apply;
mod effects;
mod floats;
mod frames;
mod func;
mod net;
mod prims;
mod refs;
mod slots;
mod stack_maps;
mod tuples;
mod trampolines;

use crate::abi::{self, RtFn};
use stack_maps::{pop_stretch, push_stretch, record_frame};
use crate::layout::{self, header, tagged, COLOR_STATIC};
use crate::BackendError;
use anerisc_ir::ir::{FuncId as IrFunc, Program};
use cranelift_codegen::ir::{types::I64, types::F64, AbiParam, Function, InstBuilder, MemFlagsData, Signature, UserFuncName};
use cranelift_codegen::isa::{CallConv, OwnedTargetIsa};
use cranelift_codegen::Context;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_module::{DataDescription, DataId, FuncId, Linkage, Module};
use cranelift_object::ObjectModule;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Program-wide code generation state.
pub struct Gen<'p> {
    program: &'p Program,
    module: ObjectModule,
    /// The Cranelift function of each IR function (its full-application entry).
    funcs: Vec<FuncId>,
    /// Static closures of functions without environment.
    static_closures: HashMap<IrFunc, DataId>,
    strings: HashMap<Vec<u8>, DataId>,
    floats: HashMap<u64, DataId>,
    runtime: HashMap<&'static str, FuncId>,
    /// The globals' words (global roots).
    globals: DataId,
    /// The pending exception of compiled code (a global root).
    pending: DataId,
    /// The number of the next forked thread.
    threads: DataId,
    /// The table of exception names.
    exn_names: DataId,
    /// Generic application to `n` arguments.
    apply: HashMap<usize, FuncId>,
    /// Entry of a partial application holding `n` arguments of a function of arity `n + m`.
    pap: HashMap<(usize, usize), FuncId>,
    /// Turns the runtime's pending exception into an exception value.
    rt_raise: FuncId,
    /// C entry run by forked threads.
    fork_entry: FuncId,
    /// C entry through which the runtime applies a closure to one argument.
    apply1_c: Option<FuncId>,
    /// The trampolines used (see `trampolines.rs`).
    trampolines: BTreeMap<trampolines::Trampoline, FuncId>,
    /// The largest arity of any function.
    max_arity: usize,
    /// What a call of each function may do (raise, collect).
    effects: effects::Effects,
    /// The call sites keeping heap values of each function compiled so far.
    stack_maps: Vec<(FuncId, Vec<stack_maps::Site>)>,
    /// The stack-map table (defined last).
    stack_map_table: DataId,
    /// The functions bounding the program's code (`anerisc_code_start`, `_end`).
    code_bounds: Option<(FuncId, FuncId)>,
    /// Text of each function's Cranelift IR, when asked for.
    pub clif: Option<String>,
    ctx: Context,
    fctx: FunctionBuilderContext,
}

/// The signature of compiled functions taking `n` words besides the closure.
pub fn tail_sig(n: usize) -> Signature {
    let mut s = Signature::new(CallConv::Tail);
    for _ in 0..=n {
        s.params.push(AbiParam::new(I64));
    }
    s.returns.push(AbiParam::new(I64));
    s
}

fn c_sig(spec: &str) -> Signature {
    let mut s = Signature::new(CallConv::SystemV);
    let (params, ret) = spec.split_once('>').unwrap_or((spec, ""));
    let ty = |c: char| if c == 'f' { F64 } else { I64 };
    s.params.extend(params.chars().map(|c| AbiParam::new(ty(c))));
    s.returns.extend(ret.chars().map(|c| AbiParam::new(ty(c))));
    s
}

fn err(e: impl std::fmt::Display) -> BackendError {
    BackendError::Codegen(e.to_string())
}

/// The address of `anerisc_regs`, in the function `b` builds for `module`.
pub fn regs_address(module: &mut ObjectModule, b: &mut FunctionBuilder) -> Result<cranelift_codegen::ir::Value, BackendError> {
    let regs = module.declare_data("anerisc_regs", Linkage::Import, true, false).map_err(err)?;
    let gv = module.declare_data_in_func(regs, b.func);
    Ok(b.ins().symbol_value(I64, gv))
}

/// Memory flags for the generated loads and stores.
pub fn mem() -> MemFlagsData {
    MemFlagsData::trusted()
}

impl<'p> Gen<'p> {
    /// A generator for `program` targeting `isa`.
    pub fn new(program: &'p Program, isa: OwnedTargetIsa, keep_clif: bool) -> Result<Gen<'p>, BackendError> {
        let builder = cranelift_object::ObjectBuilder::new(isa, "anerisc_program", cranelift_module::default_libcall_names()).map_err(err)?;
        let mut module = ObjectModule::new(builder);
        let mut funcs = Vec::new();
        for (i, f) in program.functions.iter().enumerate() {
            let name = format!("ml{i}.{}", f.name);
            funcs.push(module.declare_function(&name, Linkage::Local, &tail_sig(f.params.len())).map_err(err)?);
        }
        let mut data = |name: &str| module.declare_data(name, Linkage::Local, true, false).map_err(err);
        let globals = data("anerisc_globals")?;
        let pending = data("anerisc_pending_exn")?;
        let threads = data("anerisc_thread_count")?;
        let exn_names = data("anerisc_exn_names")?;
        let stack_map_table = data("anerisc_stack_maps")?;
        let rt_raise = module.declare_function("anerisc_rt_raise", Linkage::Local, &tail_sig(0)).map_err(err)?;
        let fork_entry = module.declare_function("anerisc_fork_entry", Linkage::Local, &c_sig("ii>i")).map_err(err)?;
        let max_arity = program.functions.iter().map(|f| f.params.len()).max().unwrap_or(1).max(1);
        let ctx = module.make_context();
        Ok(Gen {
            program,
            module,
            funcs,
            static_closures: HashMap::new(),
            strings: HashMap::new(),
            floats: HashMap::new(),
            runtime: HashMap::new(),
            globals,
            pending,
            threads,
            exn_names,
            apply: HashMap::new(),
            pap: HashMap::new(),
            rt_raise,
            fork_entry,
            apply1_c: None,
            trampolines: BTreeMap::new(),
            max_arity,
            effects: effects::Effects::of(program),
            stack_maps: Vec::new(),
            stack_map_table,
            code_bounds: None,
            clif: keep_clif.then(String::new),
            ctx,
            fctx: FunctionBuilderContext::new(),
        })
    }

    /// Generates everything and returns the object file's bytes.
    pub fn finish(mut self) -> Result<(Vec<u8>, Option<String>), BackendError> {
        let start = self.define_code_bound("anerisc_code_start")?;
        let end = self.module.declare_function("anerisc_code_end", Linkage::Local, &c_sig(">")).map_err(err)?;
        self.code_bounds = Some((start, end));
        for i in 0..self.program.functions.len() {
            self.function(IrFunc(i as u32))?;
        }
        self.define_rt_raise()?;
        self.define_fork_entry()?;
        self.define_main()?;
        self.define_apply1_c()?;
        self.define_trampolines()?;
        self.define_helpers()?;
        self.define_code_end(end)?;
        self.define_stack_map_table()?;
        self.define_fixed_data()?;
        let clif = self.clif.take();
        let product = self.module.finish();
        let bytes = product.emit().map_err(err)?;
        Ok((bytes, clif))
    }

    /// The runtime function `f`, declared on first use.
    pub fn runtime_fn(&mut self, f: &RtFn) -> Result<FuncId, BackendError> {
        if let Some(id) = self.runtime.get(f.0) {
            return Ok(*id);
        }
        let id = self.module.declare_function(f.0, Linkage::Import, &c_sig(f.1)).map_err(err)?;
        self.runtime.insert(f.0, id);
        Ok(id)
    }

    fn data(&mut self, name: String, bytes: Vec<u8>, relocs: &[(u32, FuncId)]) -> Result<DataId, BackendError> {
        let id = self.module.declare_data(&name, Linkage::Local, false, false).map_err(err)?;
        self.define_data(id, bytes, relocs)?;
        Ok(id)
    }

    /// Defines data object `id` as `bytes` with the addresses of functions at `relocs`.
    fn define_data(&mut self, id: DataId, bytes: Vec<u8>, relocs: &[(u32, FuncId)]) -> Result<(), BackendError> {
        let mut d = DataDescription::new();
        d.define(bytes.into_boxed_slice());
        d.set_align(8);
        for (off, f) in relocs {
            let r = self.module.declare_func_in_data(*f, &mut d);
            d.write_function_addr(*off, r);
        }
        self.module.define_data(id, &d).map_err(err)
    }

    /// The static string block holding `s` (its value is the symbol's address + 8).
    pub fn string(&mut self, s: &[u8]) -> Result<DataId, BackendError> {
        if let Some(id) = self.strings.get(s) {
            return Ok(*id);
        }
        let n = self.strings.len();
        let id = self.data(format!("anerisc_str{n}"), layout::static_string(s), &[])?;
        self.strings.insert(s.to_vec(), id);
        Ok(id)
    }

    /// The static boxed float `x`.
    pub fn float(&mut self, x: f64) -> Result<DataId, BackendError> {
        if let Some(id) = self.floats.get(&x.to_bits()) {
            return Ok(*id);
        }
        let n = self.floats.len();
        let id = self.data(format!("anerisc_float{n}"), layout::static_float(x), &[])?;
        self.floats.insert(x.to_bits(), id);
        Ok(id)
    }

    /// The static closure of function `f` (which has no environment).
    pub fn static_closure(&mut self, f: IrFunc) -> Result<DataId, BackendError> {
        if let Some(id) = self.static_closures.get(&f) {
            return Ok(*id);
        }
        let arity = self.program.func(f).params.len();
        let mut bytes = header(2, COLOR_STATIC, layout::CLOSURE_TAG).to_le_bytes().to_vec();
        bytes.extend_from_slice(&0u64.to_le_bytes());
        bytes.extend_from_slice(&(tagged(arity as i64) as u64).to_le_bytes());
        let code = self.funcs[f.0 as usize];
        let id = self.data(format!("anerisc_closure{}", f.0), bytes, &[(8, code)])?;
        self.static_closures.insert(f, id);
        Ok(id)
    }

    /// `anerisc_apply1_c(f, x)`: applies closure `f` to `x` for the runtime (C calling
    /// convention; 0 when an exception is pending).
    pub fn apply1_c(&mut self) -> Result<FuncId, BackendError> {
        if let Some(id) = self.apply1_c {
            return Ok(id);
        }
        let id = self.module.declare_function("anerisc_apply1_c", Linkage::Local, &c_sig("ii>i")).map_err(err)?;
        self.apply1_c = Some(id);
        Ok(id)
    }

    fn define_apply1_c(&mut self) -> Result<(), BackendError> {
        let Some(id) = self.apply1_c else { return Ok(()) };
        let apply = self.apply_fn(1)?;
        self.begin(c_sig("ii>i"));
        let mut b = FunctionBuilder::new(&mut self.ctx.func, &mut self.fctx);
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let args = b.block_params(entry).to_vec();
        let regs = regs_address(&mut self.module, &mut b)?;
        let stretch = push_stretch(&mut b, regs);
        let fa = self.module.declare_func_in_func(apply, b.func);
        let call = b.ins().call(fa, &args);
        let r = b.inst_results(call)[0];
        pop_stretch(&mut b, regs, stretch);
        b.ins().return_(&[r]);
        b.seal_all_blocks();
        b.finalize(self.module.isa().frontend_config());
        self.end(id, "anerisc_apply1_c")
    }

    /// The generic application helper for `n` arguments.
    pub fn apply_fn(&mut self, n: usize) -> Result<FuncId, BackendError> {
        if let Some(id) = self.apply.get(&n) {
            return Ok(*id);
        }
        let id = self.module.declare_function(&format!("anerisc_apply{n}"), Linkage::Local, &tail_sig(n)).map_err(err)?;
        self.apply.insert(n, id);
        Ok(id)
    }

    /// The entry of a partial application holding `n` of `n + m` arguments.
    pub fn pap_fn(&mut self, n: usize, m: usize) -> Result<FuncId, BackendError> {
        if let Some(id) = self.pap.get(&(n, m)) {
            return Ok(*id);
        }
        let id = self.module.declare_function(&format!("anerisc_pap{n}_{m}"), Linkage::Local, &tail_sig(m)).map_err(err)?;
        self.pap.insert((n, m), id);
        Ok(id)
    }

    /// Defines the application helpers and partial-application entries used so far (and
    /// those they use in turn).
    fn define_helpers(&mut self) -> Result<(), BackendError> {
        let mut done_apply = BTreeSet::new();
        let mut done_pap = BTreeSet::new();
        loop {
            let apply: Vec<usize> = self.apply.keys().copied().filter(|n| !done_apply.contains(n)).collect();
            let pap: Vec<(usize, usize)> = self.pap.keys().copied().filter(|k| !done_pap.contains(k)).collect();
            if apply.is_empty() && pap.is_empty() {
                return Ok(());
            }
            for n in apply {
                done_apply.insert(n);
                self.define_apply(n)?;
            }
            for (n, m) in pap {
                done_pap.insert((n, m));
                self.define_pap(n, m)?;
            }
        }
    }

    /// Starts a function body with signature `sig`; returns the builder context parts.
    fn begin(&mut self, sig: Signature) {
        self.ctx.func = Function::with_name_signature(UserFuncName::default(), sig);
    }

    /// Compiles the function in `self.ctx` as `id`.
    fn end(&mut self, id: FuncId, name: &str) -> Result<(), BackendError> {
        if let Some(text) = &mut self.clif {
            text.push_str(&format!("; {name}\n{}\n", self.ctx.func.display()));
        }
        self.module.define_function(id, &mut self.ctx).map_err(|e| BackendError::Codegen(format!("{name}: {e:?}")))?;
        let sites = stack_maps::sites(&self.ctx);
        if !sites.is_empty() {
            self.stack_maps.push((id, sites));
        }
        self.module.clear_context(&mut self.ctx);
        Ok(())
    }

    /// The exception names, the globals and the counters.
    fn define_fixed_data(&mut self) -> Result<(), BackendError> {
        let mut names = Vec::new();
        for e in &self.program.exceptions {
            names.push(self.string(e.name.as_bytes())?);
        }
        let mut d = DataDescription::new();
        d.define(vec![0u8; 8 * names.len().max(1)].into_boxed_slice());
        d.set_align(8);
        for (i, n) in names.iter().enumerate() {
            let gv = self.module.declare_data_in_data(*n, &mut d);
            d.write_data_addr(8 * i as u32, gv, 8);
        }
        self.module.define_data(self.exn_names, &d).map_err(err)?;
        let mut words = |id: DataId, n: usize, init: i64| -> Result<(), BackendError> {
            let mut d = DataDescription::new();
            d.define(init.to_le_bytes().repeat(n.max(1)).into_boxed_slice());
            d.set_align(8);
            self.module.define_data(id, &d).map_err(err)
        };
        words(self.globals, self.program.globals.len(), layout::UNIT)?;
        words(self.pending, 1, layout::UNIT)?;
        words(self.threads, 1, 0)
    }

    /// `anerisc_rt_raise(_)`: makes the runtime's pending exception (`exn_kind`,
    /// `exn_arg`) the pending exception of compiled code and returns 0. When `exn_kind` is
    /// 0 the exception came from compiled code called by the runtime and is pending already.
    fn define_rt_raise(&mut self) -> Result<(), BackendError> {
        self.begin(tail_sig(0));
        let regs = self.module.declare_data("anerisc_regs", Linkage::Import, true, false).map_err(err)?;
        let alloc = self.runtime_fn(&abi::ALLOC)?;
        let mut b = FunctionBuilder::new(&mut self.ctx.func, &mut self.fctx);
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let gv = self.module.declare_data_in_func(regs, b.func);
        let r = b.ins().symbol_value(I64, gv);
        let kind = b.ins().load(I64, mem(), r, layout::regs::EXN_KIND);
        let convert = b.create_block();
        let done = b.create_block();
        b.ins().brif(kind, convert, &[], done, &[]);
        b.switch_to_block(convert);
        // Failure = 0, Invalid_argument = 2, Sys_error = 7 among the predefined exceptions.
        let one = b.ins().icmp_imm_s(cranelift_codegen::ir::condcodes::IntCC::Equal, kind, 1);
        let two = b.ins().icmp_imm_s(cranelift_codegen::ir::condcodes::IntCC::Equal, kind, 2);
        let inv = b.ins().iconst(I64, tagged(2));
        let sys = b.ins().iconst(I64, tagged(7));
        let fail = b.ins().iconst(I64, tagged(0));
        let id = b.ins().select(two, inv, sys);
        let id = b.ins().select(one, fail, id);
        let zero = b.ins().iconst(I64, 0);
        b.ins().store(mem(), zero, r, layout::regs::EXN_KIND);
        record_frame(&mut b, r);
        let fa = self.module.declare_func_in_func(alloc, b.func);
        let tag = b.ins().iconst(I64, layout::EXN_TAG as i64);
        let size = b.ins().iconst(I64, 2);
        let call = b.ins().call(fa, &[tag, size]);
        let blk = b.inst_results(call)[0];
        let r2 = b.ins().symbol_value(I64, gv);
        let arg = b.ins().load(I64, mem(), r2, layout::regs::EXN_ARG);
        b.ins().store(mem(), id, blk, 0);
        b.ins().store(mem(), arg, blk, 8);
        let unit = b.ins().iconst(I64, layout::UNIT);
        b.ins().store(mem(), unit, r2, layout::regs::EXN_ARG);
        let pg = self.module.declare_data_in_func(self.pending, b.func);
        let p = b.ins().symbol_value(I64, pg);
        b.ins().store(mem(), blk, p, 0);
        b.ins().jump(done, &[]);
        b.switch_to_block(done);
        let z = b.ins().iconst(I64, 0);
        b.ins().return_(&[z]);
        b.seal_all_blocks();
        b.finalize(self.module.isa().frontend_config());
        let id = self.rt_raise;
        self.end(id, "anerisc_rt_raise")
    }

    /// `anerisc_fork_entry(wrapper, x)`: what a forked thread runs. The wrapper closure
    /// holds the forked closure (field 2) and the thread's number (field 3); an exception
    /// that escapes is reported as OCaml's threads do.
    fn define_fork_entry(&mut self) -> Result<(), BackendError> {
        self.begin(c_sig("ii>i"));
        let apply = self.apply_fn(1)?;
        let report = self.runtime_fn(&abi::THREAD_UNCAUGHT)?;
        let mut b = FunctionBuilder::new(&mut self.ctx.func, &mut self.fctx);
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let (w, x) = (b.block_params(entry)[0], b.block_params(entry)[1]);
        let f = b.ins().load(I64, mem(), w, 16);
        let n = b.ins().load(I64, mem(), w, 24);
        let regs = regs_address(&mut self.module, &mut b)?;
        let stretch = push_stretch(&mut b, regs);
        let fa = self.module.declare_func_in_func(apply, b.func);
        let call = b.ins().call(fa, &[f, x]);
        let r = b.inst_results(call)[0];
        pop_stretch(&mut b, regs, stretch);
        let bad = b.create_block();
        let done = b.create_block();
        b.ins().brif(r, done, &[], bad, &[]);
        b.switch_to_block(bad);
        let pg = self.module.declare_data_in_func(self.pending, b.func);
        let p = b.ins().symbol_value(I64, pg);
        let e = b.ins().load(I64, mem(), p, 0);
        let ng = self.module.declare_data_in_func(self.exn_names, b.func);
        let names = b.ins().symbol_value(I64, ng);
        let count = b.ins().iconst(I64, self.program.exceptions.len() as i64);
        let fr = self.module.declare_func_in_func(report, b.func);
        b.ins().call(fr, &[n, e, names, count]);
        b.ins().jump(done, &[]);
        b.switch_to_block(done);
        let unit = b.ins().iconst(I64, layout::UNIT);
        b.ins().return_(&[unit]);
        b.seal_all_blocks();
        b.finalize(self.module.isa().frontend_config());
        let id = self.fork_entry;
        self.end(id, "anerisc_fork_entry")
    }

    /// The C `main`: runs the top level (`anerisc_entry`: registers the globals as roots and
    /// the pending exception's word through `anerisc_register_pending_exn`, runs every
    /// module's initialiser, reports an uncaught exception) through the runtime.
    fn define_main(&mut self) -> Result<(), BackendError> {
        let entry_id = self.module.declare_function("anerisc_entry", Linkage::Local, &c_sig(">")).map_err(err)?;
        self.begin(c_sig(">"));
        let register = self.runtime_fn(&abi::REGISTER_GLOBAL_ROOT)?;
        let register_pending = self.runtime_fn(&abi::REGISTER_PENDING_EXN)?;
        let uncaught = self.runtime_fn(&abi::UNCAUGHT)?;
        let inits: Vec<FuncId> = self.program.modules.iter().map(|m| self.funcs[m.init.0 as usize]).collect();
        let mut b = FunctionBuilder::new(&mut self.ctx.func, &mut self.fctx);
        let entry = b.create_block();
        b.switch_to_block(entry);
        let reg = self.module.declare_func_in_func(register, b.func);
        let reg_pending = self.module.declare_func_in_func(register_pending, b.func);
        let gg = self.module.declare_data_in_func(self.globals, b.func);
        let pg = self.module.declare_data_in_func(self.pending, b.func);
        let p = b.ins().symbol_value(I64, pg);
        b.ins().call(reg_pending, &[p]);
        for i in 0..self.program.globals.len() {
            let g = b.ins().symbol_value(I64, gg);
            let a = b.ins().iadd_imm_s(g, 8 * i as i64);
            b.ins().call(reg, &[a]);
        }
        let regs = regs_address(&mut self.module, &mut b)?;
        let stretch = push_stretch(&mut b, regs);
        let fail = b.create_block();
        for init in inits {
            let fr = self.module.declare_func_in_func(init, b.func);
            let unit = b.ins().iconst(I64, layout::UNIT);
            let call = b.ins().call(fr, &[unit]);
            let r = b.inst_results(call)[0];
            let next = b.create_block();
            b.ins().brif(r, next, &[], fail, &[]);
            b.switch_to_block(next);
        }
        pop_stretch(&mut b, regs, stretch);
        b.ins().return_(&[]);
        b.switch_to_block(fail);
        pop_stretch(&mut b, regs, stretch);
        let p = b.ins().symbol_value(I64, pg);
        let e = b.ins().load(I64, mem(), p, 0);
        let ng = self.module.declare_data_in_func(self.exn_names, b.func);
        let names = b.ins().symbol_value(I64, ng);
        let count = b.ins().iconst(I64, self.program.exceptions.len() as i64);
        let fr = self.module.declare_func_in_func(uncaught, b.func);
        b.ins().call(fr, &[e, names, count]);
        b.ins().trap(cranelift_codegen::ir::TrapCode::unwrap_user(1));
        b.seal_all_blocks();
        b.finalize(self.module.isa().frontend_config());
        self.end(entry_id, "anerisc_entry")?;

        let main_id = self.module.declare_function("main", Linkage::Export, &c_sig("ii>i")).map_err(err)?;
        self.begin(c_sig("ii>i"));
        let run = self.runtime_fn(&abi::MAIN)?;
        let register_maps = self.runtime_fn(&abi::REGISTER_STACK_MAPS)?;
        let mut b = FunctionBuilder::new(&mut self.ctx.func, &mut self.fctx);
        let blk = b.create_block();
        b.append_block_params_for_function_params(blk);
        b.switch_to_block(blk);
        let (argc, argv) = (b.block_params(blk)[0], b.block_params(blk)[1]);
        let tg = self.module.declare_data_in_func(self.stack_map_table, b.func);
        let table = b.ins().symbol_value(I64, tg);
        let (start, end) = self.code_bounds.ok_or_else(|| BackendError::Codegen("code bounds not declared".into()))?;
        let bounds: Vec<_> = [start, end].iter().map(|f| self.module.declare_func_in_func(*f, b.func)).collect();
        let (start, end) = (b.ins().func_addr(I64, bounds[0]), b.ins().func_addr(I64, bounds[1]));
        let rr = self.module.declare_func_in_func(register_maps, b.func);
        b.ins().call(rr, &[table, start, end]);
        let er = self.module.declare_func_in_func(entry_id, b.func);
        let e = b.ins().func_addr(I64, er);
        let fr = self.module.declare_func_in_func(run, b.func);
        let call = b.ins().call(fr, &[argc, argv, e]);
        let code = b.inst_results(call)[0];
        b.ins().return_(&[code]);
        b.seal_all_blocks();
        b.finalize(self.module.isa().frontend_config());
        self.end(main_id, "main")
    }
}
