//! What code generation needs to know about a function before emitting it: which
//! instructions may collect (calls, allocations, runtime calls), which calls are tail
//! calls, which closures of the function's own `let rec` group are only called directly,
//! which variables live across a collection (they get a shadow-stack slot), and which
//! blocks are loop headers (they poll for yield requests).

use super::floats::raw_floats;
use super::frames;
use super::refs::local_refs;
use super::slots;
use super::tuples::virtual_tuples;
use anerisc_ir::cfg::Cfg;
use anerisc_ir::ir::*;
use anerisc_ir::prim::Prim;

/// The per-function facts code generation uses.
pub struct Plan {
    /// The pseudo-variable holding the function's own closure (one past the IR's variables).
    pub self_var: Var,
    /// For each variable defined by `Sibling(f)`: `f`.
    pub sibling_of: Vec<Option<FuncId>>,
    /// `Sibling` variables that must be materialised (used other than as a direct callee).
    pub materialise: Vec<bool>,
    /// The shadow-stack slot of each variable that lives across a collection (stored just
    /// before it, reloaded just after; variables never kept together share slots).
    pub slot: Vec<Option<u32>>,
    /// Number of slots.
    pub slots: u32,
    /// For each block and instruction that may collect: the slotted variables live after it.
    pub live_after: Vec<Vec<Vec<Var>>>,
    /// The immediate variables (ints, bools, chars) live across each such instruction, and
    /// every word-sized variable live across a call that cannot collect, per block: they
    /// are stored in the function's own stack slots around its calls, as in `ocamlopt`, so
    /// that no callee-saved register is needed to keep them.
    pub imm_after: Vec<Vec<Vec<Var>>>,
    /// Immediate variables live after the terminator's call (a `TryCall`), per block.
    pub imm_after_term: Vec<Vec<Var>>,
    /// The stack slot of each immediate variable kept across a call.
    pub imm_slot: Vec<Option<u32>>,
    /// Number of stack slots for immediates.
    pub imm_slots: u32,
    /// For each block: the heap variables live on entry (kept across a yield poll in a frame
    /// the poll's slow path pushes).
    pub live_in: Vec<Vec<Var>>,
    /// Slotted variables live after the terminator's call (a `TryCall`), per block.
    pub live_after_term: Vec<Vec<Var>>,
    /// For each block: true when it keeps heap values across a collection (it is run with
    /// the frame pushed).
    pub needs_frame: Vec<bool>,
    /// For each block: true when it is entered with the frame pushed (see `frames.rs`).
    pub framed_in: Vec<bool>,
    /// For each block: the slots its first collection, a call, stores just before it (when
    /// the block pushes the frame at its start, they need not hold units first).
    pub stored_first: Vec<Vec<u32>>,
    /// Loop headers that poll for yield requests: those a loop can come back to without a
    /// call of a function that polls on entry.
    pub loop_poll: Vec<bool>,
    /// True when the function loops (a loop header, or a tail call of itself).
    pub loops: bool,
    /// The heap variables kept in the native frame, described by stack maps (all of a
    /// function without loops, none of one with loops, which slots them instead).
    pub stack_mapped: Vec<bool>,
    /// True when the function polls at entry too: when it makes a tail call, which may
    /// loop (as in `ocamlopt`, a non-tail recursion is bounded by the stack and a function
    /// without calls by its loops, which poll).
    pub entry_poll: bool,
    /// Float variables kept only as raw doubles (see `floats.rs`).
    pub raw: Vec<bool>,
    /// Refs kept in their variable, which holds their contents (see `refs.rs`).
    pub local_ref: Vec<bool>,
    /// Tuples never allocated, with the variables they are made of (see `tuples.rs`).
    pub tuple: Vec<Option<Vec<Var>>>,
}

/// True for representation types that never hold a heap pointer.
pub fn immediate(t: Ty) -> bool {
    matches!(t, Ty::Int | Ty::Bool | Ty::Char | Ty::Unit)
}

/// True when instruction `k` of `f` may run a collection or switch threads.
pub fn may_collect(f: &Function, k: &InstKind) -> bool {
    match k {
        InstKind::Const(_) | InstKind::Global(_) | InstKind::SetGlobal(..) | InstKind::Field(..) | InstKind::ExnArg(..) => false,
        InstKind::Closure(_, caps) => !caps.is_empty(),
        InstKind::Prim(p, args) => p.effects().collects && !inline_comparison(f, *p, args),
        _ => true,
    }
}

/// Primitives that may collect only on their way to raising an exception (`Effects` of
/// the primitive table): the function returns at once then, so no value of it is used after
/// the collection (its frame's slots stay valid for the collector).
fn collects_only_to_raise(p: Prim) -> bool {
    let e = p.effects();
    e.raises && !e.collects
}

/// Comparisons that `prims.rs` compiles inline for their argument types: every ordering
/// and `compare` when an argument is an immediate, the orderings when one is a float.
pub(super) fn inline_comparison(f: &Function, p: Prim, args: &[Var]) -> bool {
    use Prim::*;
    let any = |t: &dyn Fn(Ty) -> bool| args.iter().any(|v| t(f.ty(*v)));
    match p {
        Eq | Ne | Lt | Gt | Le | Ge => any(&|t| immediate(t) || t == Ty::Float),
        Compare | StrCompare => any(&immediate),
        _ => false,
    }
}

/// True when primitive `p` (not compiled as an inline comparison) may raise or collect,
/// for its callers: raising allocates the exception, which a caller may catch and go on with
/// the values it kept; and a primitive that collects may return with an exception pending
/// (its allocations through the runtime may fail with `Out_of_memory`).
pub fn raises_or_collects(p: Prim) -> bool {
    let e = p.effects();
    e.raises || e.collects
}

/// The variables an instruction reads, with direct sibling calls reading the closure.
fn inst_uses(k: &InstKind, plan_sib: &[Option<FuncId>], arity: &dyn Fn(FuncId) -> usize, self_var: Var, env: &[Var]) -> Vec<Var> {
    match k {
        InstKind::Sibling(_) => env.to_vec(),
        InstKind::Apply(f, a) => {
            let mut u = a.clone();
            match plan_sib[f.0 as usize] {
                Some(g) if arity(g) == a.len() => u.push(self_var),
                _ => u.push(*f),
            }
            u
        }
        k => k.operands(),
    }
}

/// The function a call instruction runs when it is known: `Call`, or `Apply` of a sibling
/// closure (`sibling_of` its variable) with exactly its arity, compiled as a direct call.
pub fn direct_callee(k: &InstKind, sibling_of: &[Option<FuncId>], arity: &dyn Fn(FuncId) -> usize) -> Option<FuncId> {
    match k {
        InstKind::Call(g, _) => Some(*g),
        InstKind::Apply(fv, a) => sibling_of.get(fv.0 as usize).copied().flatten().filter(|g| arity(*g) == a.len()),
        _ => None,
    }
}

/// True when instruction `i` of block `b` is a call whose result the function returns at
/// once (directly, or through empty blocks that only pass it on to a `return`).
pub fn is_tail_call(f: &Function, b: &Block, i: usize) -> bool {
    if i + 1 != b.insts.len() || !matches!(b.insts[i].kind, InstKind::Call(..) | InstKind::Apply(..)) {
        return false;
    }
    b.insts[i].dest.is_some_and(|v| f.returns_directly(&b.term, v))
}

/// Analyses `f` (function `me`); `arity` gives any function's number of parameters,
/// `collects` whether a call of a function may collect, `polls_on_entry` whether every call
/// of it polls (see `effects.rs`).
pub fn plan(f: &Function, me: FuncId, arity: &dyn Fn(FuncId) -> usize, collects: &dyn Fn(FuncId) -> bool, polls_on_entry: &dyn Fn(FuncId) -> bool) -> Plan {
    let nvars = f.vars.len() + 1;
    let self_var = Var(f.vars.len() as u32);
    let mut sibling_of = vec![None; nvars];
    for b in &f.blocks {
        for inst in &b.insts {
            if let (Some(d), InstKind::Sibling(g)) = (inst.dest, &inst.kind) {
                sibling_of[d.0 as usize] = Some(*g);
            }
        }
    }
    // Which sibling closures are needed as values.
    let mut materialise = vec![false; nvars];
    let mut mark = |v: &Var, direct: bool| {
        if sibling_of[v.0 as usize].is_some() && !direct {
            materialise[v.0 as usize] = true;
        }
    };
    for b in &f.blocks {
        for inst in &b.insts {
            match &inst.kind {
                InstKind::Apply(g, a) => {
                    let direct = sibling_of[g.0 as usize].is_some_and(|s| arity(s) == a.len());
                    mark(g, direct);
                    a.iter().for_each(|v| mark(v, false));
                }
                InstKind::Sibling(_) => {}
                k => inst_uses(k, &sibling_of, arity, self_var, &f.env).iter().for_each(|v| mark(v, false)),
            }
        }
        b.term.operands().iter().for_each(|v| mark(v, false));
    }
    let local_ref = local_refs(f, nvars);
    // A local ref's variable holds its contents: an immediate when the ref was made of one.
    let mut immediate_ref = vec![false; nvars];
    for inst in f.blocks.iter().flat_map(|b| &b.insts) {
        if let (Some(d), InstKind::Prim(Prim::Ref, a)) = (inst.dest, &inst.kind) {
            immediate_ref[d.0 as usize] = local_ref[d.0 as usize] && immediate(f.ty(a[0]));
        }
    }
    let ty = |v: Var| match v {
        _ if v == self_var => Ty::Fun,
        _ if immediate_ref[v.0 as usize] => Ty::Int,
        _ => f.ty(v),
    };
    let raw = raw_floats(f, me, &local_ref, nvars);
    let tuple = virtual_tuples(f, nvars);
    // Constants are immediates or static blocks: a collection never moves them.
    let mut constant = vec![false; nvars];
    for inst in f.blocks.iter().flat_map(|b| &b.insts) {
        if let (Some(d), InstKind::Const(_)) = (inst.dest, &inst.kind) {
            constant[d.0 as usize] = true;
        }
    }
    // A direct call collects only when its callee may.
    let collecting = |k: &InstKind| match k {
        InstKind::Call(..) | InstKind::Apply(..) => direct_callee(k, &sibling_of, arity).is_none_or(collects),
        k => may_collect(f, k),
    };
    // Variables that hold no heap pointer of their own.
    let unboxed = |v: Var| raw[v.0 as usize] || local_ref[v.0 as usize] || tuple[v.0 as usize].is_some();
    let uses_of = |k: &InstKind, dest: Option<Var>| -> Vec<Var> {
        if let InstKind::Field(v, i) = k {
            if let Some(fields) = &tuple[v.0 as usize] {
                return vec![fields[*i as usize]];
            }
        }
        if let (InstKind::Sibling(_), Some(d)) = (k, dest) {
            if !materialise[d.0 as usize] {
                return vec![];
            }
        }
        inst_uses(k, &sibling_of, arity, self_var, &f.env)
    };
    // Backward liveness to a fixed point.
    let nb = f.blocks.len();
    let words = nvars.div_ceil(64);
    let mut live_in = vec![vec![0u64; words]; nb];
    let set = |s: &mut [u64], v: Var| s[v.0 as usize / 64] |= 1 << (v.0 % 64);
    let clear = |s: &mut [u64], v: Var| s[v.0 as usize / 64] &= !(1 << (v.0 % 64));
    let live_out = |live_in: &Vec<Vec<u64>>, b: &Block| -> Vec<u64> {
        let mut out = vec![0u64; words];
        for s in b.term.successors() {
            let mut li = live_in[s.0 as usize].clone();
            for p in &f.blocks[s.0 as usize].params {
                clear(&mut li, *p);
            }
            for (o, l) in out.iter_mut().zip(li) {
                *o |= l;
            }
        }
        out
    };
    // `record(i, live, collects)` is told the variables live after each call and each
    // instruction that may collect (`usize::MAX` for the terminator's call).
    let transfer = |live: &mut Vec<u64>, b: &Block, record: &mut dyn FnMut(usize, &[u64], bool)| {
        if let Terminator::TryCall { .. } = b.term {
            record(usize::MAX, live, true);
        }
        for u in b.term.operands() {
            set(live, u);
        }
        for (i, inst) in b.insts.iter().enumerate().rev() {
            if let Some(d) = inst.dest {
                clear(live, d);
            }
            // A float result kept raw is never boxed, a local ref or a virtual tuple never
            // allocated: making them cannot collect.
            let call = matches!(inst.kind, InstKind::Call(..) | InstKind::Apply(..));
            if call && !is_tail_call(f, b, i) && !collecting(&inst.kind) {
                record(i, live, false);
            } else if collecting(&inst.kind) && !inst.dest.is_some_and(unboxed) {
                if is_tail_call(f, b, i) {
                    record(i, &vec![0u64; words], true);
                } else if call {
                    record(i, live, true);
                } else {
                    // Arguments read after an allocation inside the instruction are live
                    // across it too.
                    let mut l = live.clone();
                    for u in uses_of(&inst.kind, inst.dest) {
                        set(&mut l, u);
                    }
                    record(i, &l, true);
                }
            }
            for u in uses_of(&inst.kind, inst.dest) {
                set(live, u);
            }
        }
        // Block parameters are defined on entry; they stay in the set so that a yield
        // poll at the block's start keeps them.
    };
    let mut changed = true;
    while changed {
        changed = false;
        for bi in (0..nb).rev() {
            let b = &f.blocks[bi];
            let mut live = live_out(&live_in, b);
            transfer(&mut live, b, &mut |_, _, _| {});
            if live != live_in[bi] {
                live_in[bi] = live;
                changed = true;
            }
        }
    }
    // A function without loops keeps its heap values in its native frame, described by
    // stack maps, instead of a shadow-stack frame (see `stack_maps.rs`): where Cranelift
    // stores each value kept across a call (where it is made) is then no dearer.
    let self_tail = self_tail_blocks(f, me, &sibling_of, arity);
    let cfg = Cfg::new(f);
    let loop_header = cfg.loop_headers();
    let loops = loop_header.iter().any(|h| *h) || self_tail.iter().any(|t| *t);
    let is_heap = |v: Var| !immediate(ty(v)) && !raw[v.0 as usize] && tuple[v.0 as usize].is_none() && !constant[v.0 as usize];
    let stack_mapped: Vec<bool> = (0..nvars as u32).map(|v| !loops && is_heap(Var(v))).collect();
    let to_vars = |s: &[u64]| -> Vec<Var> { (0..nvars as u32).map(Var).filter(|v| s[v.0 as usize / 64] >> (v.0 % 64) & 1 == 1 && loops && is_heap(*v)).collect() };
    // Across a call that cannot collect, every word-sized value is kept in a plain stack slot.
    let to_words = |s: &[u64]| -> Vec<Var> { (0..nvars as u32).map(Var).filter(|v| s[v.0 as usize / 64] >> (v.0 % 64) & 1 == 1 && !raw[v.0 as usize] && tuple[v.0 as usize].is_none() && !constant[v.0 as usize] && !stack_mapped[v.0 as usize]).collect() };
    let to_imms = |s: &[u64]| -> Vec<Var> { (0..f.vars.len() as u32).map(Var).filter(|v| s[v.0 as usize / 64] >> (v.0 % 64) & 1 == 1 && immediate(ty(*v))).collect() };
    let mut live_after = Vec::with_capacity(nb);
    let mut live_after_term = Vec::with_capacity(nb);
    let mut imm_after = Vec::with_capacity(nb);
    let mut imm_after_term = Vec::with_capacity(nb);
    let entry_poll = f.blocks.iter().any(|b| (0..b.insts.len()).any(|i| is_tail_call(f, b, i)));
    // In a loop, a value kept across calls is better in a callee-saved register, saved
    // once per call of the function, than stored and reloaded around every call.
    let in_loop = cyclic_blocks(&cfg, &self_tail);
    for (bi, b) in f.blocks.iter().enumerate() {
        let mut per_inst = vec![Vec::new(); b.insts.len()];
        let mut imm_inst = vec![Vec::new(); b.insts.len()];
        let (mut term_live, mut term_imm) = (Vec::new(), Vec::new());
        let mut live = live_out(&live_in, b);
        transfer(&mut live, b, &mut |i, s, collects| {
            let sets = match (collects, in_loop[bi]) {
                (true, false) => (to_vars(s), to_imms(s)),
                (true, true) => (to_vars(s), Vec::new()),
                (false, false) => (Vec::new(), to_words(s)),
                (false, true) => (Vec::new(), Vec::new()),
            };
            if i == usize::MAX {
                (term_live, term_imm) = sets;
            } else {
                (per_inst[i], imm_inst[i]) = sets;
            }
        });
        live_after.push(per_inst);
        live_after_term.push(term_live);
        imm_after.push(imm_inst);
        imm_after_term.push(term_imm);
    }
    // A poll keeps what is live in a frame of its own, whatever the function's roots are:
    // then no value is live across its call, which a stack map would have stored where it
    // is made, on the paths that do not yield.
    let live_in: Vec<Vec<Var>> = live_in.iter().map(|s| (0..nvars as u32).map(Var).filter(|v| s[v.0 as usize / 64] >> (v.0 % 64) & 1 == 1 && is_heap(*v)).collect()).collect();
    // Polls keep what is live in a frame their slow path pushes: the function's frame holds
    // only what its calls and allocations keep.
    let keep: Vec<&[Var]> = live_after.iter().flatten().chain(&live_after_term).map(Vec::as_slice).collect();
    let (slot, slots) = slots::assign(&keep, nvars);
    let needs: Vec<bool> = (0..nb).map(|bi| live_after[bi].iter().any(|s| !s.is_empty()) || !live_after_term[bi].is_empty()).collect();
    let header: Vec<bool> = (0..nb).map(|bi| loop_header[bi] || (bi == 0 && self_tail.iter().any(|t| *t))).collect();
    // Blocks making a call (not a tail call) of a function that polls on entry.
    let polling: Vec<bool> = f.blocks.iter().map(|b| (0..b.insts.len()).any(|i| !is_tail_call(f, b, i) && direct_callee(&b.insts[i].kind, &sibling_of, arity).is_some_and(polls_on_entry))).collect();
    let loop_poll = (0..nb).map(|bi| loop_header[bi] && cycles_avoiding(&cfg, bi, &polling)).collect();
    let framed_in = frames::framed_on_entry(&cfg, &needs, &header, &self_tail);
    let stored_first = (0..nb)
        .map(|bi| {
            let b = &f.blocks[bi];
            // The first instruction that may collect (an instruction whose result stays
            // unboxed never does); only a call stores its live values on every path.
            let first = (0..b.insts.len()).find(|&i| {
                let k = &b.insts[i].kind;
                is_tail_call(f, b, i) || (collecting(k) && !b.insts[i].dest.is_some_and(unboxed)) || matches!(k, InstKind::Prim(p, _) if collects_only_to_raise(*p))
            });
            match first {
                Some(i) if !is_tail_call(f, b, i) && matches!(b.insts[i].kind, InstKind::Call(..) | InstKind::Apply(..)) => live_after[bi][i].iter().filter_map(|v| slot[v.0 as usize]).collect(),
                _ => Vec::new(),
            }
        })
        .collect();
    let imm_keep: Vec<&[Var]> = imm_after.iter().flatten().chain(&imm_after_term).map(Vec::as_slice).collect();
    let (imm_slot, imm_slots) = slots::assign(&imm_keep, nvars);
    Plan { self_var, sibling_of, materialise, slot, slots, live_after, imm_after, imm_after_term, imm_slot, imm_slots, live_in, live_after_term, needs_frame: needs, framed_in, stored_first, loop_poll, loops, stack_mapped, entry_poll, raw, local_ref, tuple }
}

/// For each block of `f` (function `me`): true when it ends with a tail call of `me`
/// itself (a jump back to the start).
fn self_tail_blocks(f: &Function, me: FuncId, sibling_of: &[Option<FuncId>], arity: &dyn Fn(FuncId) -> usize) -> Vec<bool> {
    f.blocks.iter().map(|b| b.insts.len().checked_sub(1).is_some_and(|i| is_tail_call(f, b, i) && calls_itself(&b.insts[i].kind, me, sibling_of, arity))).collect()
}

/// True when block `h` of `cfg` is on a cycle through no block of `avoid` (`h` itself aside).
fn cycles_avoiding(cfg: &Cfg, h: usize, avoid: &[bool]) -> bool {
    if avoid[h] {
        return false;
    }
    let mut seen = vec![false; cfg.len()];
    let mut stack = cfg.successors(h).to_vec();
    while let Some(b) = stack.pop() {
        if b == h {
            return true;
        }
        if !avoid[b] && !std::mem::replace(&mut seen[b], true) {
            stack.extend(cfg.successors(b));
        }
    }
    false
}

/// For each block of `cfg`: true when it is on a cycle (a self tail call, `self_tail`, goes
/// back to block 0).
fn cyclic_blocks(cfg: &Cfg, self_tail: &[bool]) -> Vec<bool> {
    let n = cfg.len();
    let succ = |b: usize| cfg.successors(b).iter().copied().chain(self_tail[b].then_some(0));
    (0..n)
        .map(|start| {
            let mut seen = vec![false; n];
            let mut stack: Vec<usize> = succ(start).collect();
            while let Some(b) = stack.pop() {
                if b == start {
                    return true;
                }
                if !std::mem::replace(&mut seen[b], true) {
                    stack.extend(succ(b));
                }
            }
            false
        })
        .collect()
}

/// True when call `k` of function `me` is a direct call of `me` itself (a self tail call
/// jumps back to the function's start).
fn calls_itself(k: &InstKind, me: FuncId, sibling_of: &[Option<FuncId>], arity: &dyn Fn(FuncId) -> usize) -> bool {
    match k {
        InstKind::Call(g, _) => *g == me,
        InstKind::Apply(fv, a) => sibling_of[fv.0 as usize] == Some(me) && arity(me) == a.len(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to(b: u32) -> Target {
        Target { block: BlockId(b), args: Vec::new() }
    }

    #[test]
    fn a_loop_header_polls_unless_every_way_around_the_loop_calls_a_poller() {
        // b0 enters the loop b1, whose body branches to b2 or b3, both back to b1; b4 leaves.
        let c = Var(0);
        let terms = vec![Terminator::Jump(to(1)), Terminator::Branch(c, to(2), to(4)), Terminator::Branch(c, to(3), to(1)), Terminator::Jump(to(1)), Terminator::Return(c)];
        let blocks = terms.into_iter().map(|term| Block { params: Vec::new(), insts: Vec::new(), term }).collect();
        let f = Function { name: "f".into(), env: Vec::new(), params: Vec::new(), ret: Ty::Int, vars: vec![VarInfo { ty: Ty::Bool, name: None }], blocks, line: None };
        assert!(cycles_avoiding(&Cfg::new(&f), 1, &[false; 5]));
        // A poller in b2, which every iteration passes through: no cycle avoids it.
        assert!(!cycles_avoiding(&Cfg::new(&f), 1, &[false, false, true, false, false]));
        // A poller in b3 only: the way b2 -> b1 avoids it.
        assert!(cycles_avoiding(&Cfg::new(&f), 1, &[false, false, false, true, false]));
    }
}
