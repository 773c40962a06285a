//! Calls of small pure functions evaluated in place (their result as nested `ite`s).

use super::*;

impl Walker<'_> {
    /// The value of a call of a small pure function without environment, if it is one
    /// (its own direct calls of such functions are inlined too, [`INLINE_DEPTH`] deep), so
    /// that facts about a helper's result cross the function boundary; a call of
    /// [`LIST_LENGTH`] on a list whose length the encoding knows is that length.
    pub(super) fn inline(&self, g: FuncId, args: &[SVal]) -> Option<SVal> {
        self.inline_at(g, args, 0)
    }

    pub(super) fn inline_at(&self, g: FuncId, args: &[SVal], depth: usize) -> Option<SVal> {
        let func = self.program.func(g);
        if func.name == LIST_LENGTH {
            return args.first()?.list_length().map(SVal::Int);
        }
        let insts: usize = func.blocks.iter().map(|b| b.insts.len()).sum();
        if depth > INLINE_DEPTH || insts > 40 || Cfg::new(func).loop_headers().iter().any(|h| *h) || !func.env.is_empty() || func.params.len() != args.len() {
            return None;
        }
        let pure = func.blocks.iter().flat_map(|b| &b.insts).all(|i| match &i.kind {
            InstKind::Const(_) | InstKind::Field(..) | InstKind::Make(..) | InstKind::Call(..) => true,
            InstKind::Prim(p, _) => crate::smt::prim::apply(*p, &[]).is_none() || matches!(p, Prim::MaxInt | Prim::MinInt),
            _ => false,
        });
        if !pure {
            return None;
        }
        let mut vals: HashMap<Var, SVal> = func.params.iter().copied().zip(args.iter().cloned()).collect();
        inline_block(func, BlockId(0), &mut vals, 0, &|h, a| self.inline_at(h, a, depth + 1))
    }
}

/// Evaluates a pure acyclic function from `b`: its result as nested `ite`s.
/// `call` gives the value of a direct call.
fn inline_block(func: &Function, b: BlockId, vals: &mut HashMap<Var, SVal>, depth: usize, call: &dyn Fn(FuncId, &[SVal]) -> Option<SVal>) -> Option<SVal> {
    if depth > 16 {
        return None;
    }
    let block = &func.blocks[b.0 as usize];
    for inst in &block.insts {
        let get = |v: &Var| vals.get(v).cloned().unwrap_or(SVal::Opaque);
        let v = match &inst.kind {
            InstKind::Const(c @ (Const::Int(_) | Const::Bool(_) | Const::Str(_) | Const::Unit | Const::Ctor(_))) => match const_value(c) {
                SVal::Opaque => return None,
                v => v,
            },
            InstKind::Prim(p, args) => crate::smt::prim::apply(*p, &args.iter().map(get).collect::<Vec<_>>())?,
            InstKind::Call(g, args) => call(*g, &args.iter().map(get).collect::<Vec<_>>())?,
            InstKind::Make(t, args) => SVal::Block(*t, args.iter().map(get).collect()),
            InstKind::Field(v, i) => match get(v) {
                SVal::Pair(a, c) => if *i == 0 { *a } else { *c },
                SVal::Block(_, parts) => parts.get(*i as usize)?.clone(),
                _ => return None,
            },
            _ => return None,
        };
        if let Some(d) = inst.dest {
            vals.insert(d, v);
        }
    }
    let jump = |t: &Target, vals: &mut HashMap<Var, SVal>| -> Option<SVal> {
        let params = &func.blocks[t.block.0 as usize].params;
        for (p, a) in params.iter().zip(&t.args) {
            let v = vals.get(a).cloned()?;
            vals.insert(*p, v);
        }
        inline_block(func, t.block, vals, depth + 1, call)
    };
    match &block.term {
        Terminator::Return(v) => vals.get(v).cloned(),
        Terminator::Jump(t) => jump(t, vals),
        Terminator::Branch(c, t, e) => {
            let c = vals.get(c)?.as_bool()?;
            let a = jump(t, &mut vals.clone())?;
            let b = jump(e, vals)?;
            SVal::ite(&c, &a, &b)
        }
        _ => None,
    }
}
