//! Building one IR function: variables, blocks, and the current insertion point.

use crate::ir::*;
use anerisc_diag::span::Span;
use anerisc_frontend::typed::LocalId;
use std::collections::HashMap;

/// A function under construction.
pub struct Builder {
    /// The function so far.
    pub func: Function,
    /// The block instructions are appended to.
    pub current: BlockId,
    /// The IR variable of each source local in scope.
    pub locals: HashMap<LocalId, Var>,
}

impl Builder {
    /// A function named `name`, defined at `span`, with one empty entry block.
    pub fn new(name: String, ret: Ty, span: Option<Span>) -> Builder {
        let func = Function {
            name,
            env: Vec::new(),
            params: Vec::new(),
            ret,
            vars: Vec::new(),
            blocks: vec![Block { params: Vec::new(), insts: Vec::new(), term: Terminator::Unreachable }],
            line: span,
        };
        Builder { func, current: BlockId(0), locals: HashMap::new() }
    }

    /// A new variable.
    pub fn var(&mut self, ty: Ty, name: Option<&str>) -> Var {
        self.func.vars.push(VarInfo { ty, name: name.map(str::to_string) });
        Var(self.func.vars.len() as u32 - 1)
    }

    /// A new block with parameters of the given types.
    pub fn block(&mut self, params: &[Ty]) -> (BlockId, Vec<Var>) {
        let vars: Vec<Var> = params.iter().map(|t| self.var(*t, None)).collect();
        self.func.blocks.push(Block { params: vars.clone(), insts: Vec::new(), term: Terminator::Unreachable });
        (BlockId(self.func.blocks.len() as u32 - 1), vars)
    }

    /// Appends an instruction defining a new variable of type `ty`, from the expression at
    /// `span`.
    pub fn emit(&mut self, ty: Ty, kind: InstKind, span: Option<Span>) -> Var {
        let dest = self.var(ty, None);
        self.push(Some(dest), kind, span);
        dest
    }

    /// Appends an instruction from the expression at `span`.
    pub fn push(&mut self, dest: Option<Var>, kind: InstKind, span: Option<Span>) {
        self.func.blocks[self.current.0 as usize].insts.push(Inst { dest, kind, line: span });
    }

    /// Ends the current block and continues in a new block without predecessors (code after
    /// a jump, a return or a primitive that never returns).
    pub fn terminate(&mut self, term: Terminator) {
        self.func.blocks[self.current.0 as usize].term = term;
        let (dead, _) = self.block(&[]);
        self.current = dead;
    }

    /// Continues in block `b`.
    pub fn switch_to(&mut self, b: BlockId) {
        self.current = b;
    }

    /// Ends the current block with a jump and continues in `b`.
    pub fn jump_to(&mut self, b: BlockId, args: Vec<Var>) {
        self.func.blocks[self.current.0 as usize].term = Terminator::Jump(Target { block: b, args });
        self.current = b;
    }

    /// Sets the current block's terminator without opening a new block.
    pub fn set_term(&mut self, term: Terminator) {
        self.func.blocks[self.current.0 as usize].term = term;
    }

    /// The function, with the blocks nothing jumps to removed.
    pub fn finish(mut self) -> Function {
        prune_unreachable(&mut self.func);
        self.func
    }
}

/// Removes blocks unreachable from the entry and renumbers the rest in order.
fn prune_unreachable(f: &mut Function) {
    let n = f.blocks.len();
    let mut reached = vec![false; n];
    let mut stack = vec![0usize];
    while let Some(b) = stack.pop() {
        if std::mem::replace(&mut reached[b], true) {
            continue;
        }
        stack.extend(f.blocks[b].term.successors().into_iter().map(|x| x.0 as usize));
    }
    let mut renumber = vec![0u32; n];
    let mut next = 0;
    for (b, r) in reached.iter().enumerate() {
        if *r {
            renumber[b] = next;
            next += 1;
        }
    }
    let blocks = std::mem::take(&mut f.blocks);
    f.blocks = blocks.into_iter().enumerate().filter(|(i, _)| reached[*i]).map(|(_, b)| b).collect();
    let fix = |b: &mut BlockId| b.0 = renumber[b.0 as usize];
    for b in &mut f.blocks {
        match &mut b.term {
            Terminator::Jump(t) => fix(&mut t.block),
            Terminator::Branch(_, x, y) => {
                fix(&mut x.block);
                fix(&mut y.block);
            }
            Terminator::Switch { cases, default, .. } => {
                cases.iter_mut().for_each(|(_, b)| fix(b));
                if let Some(d) = default {
                    fix(d);
                }
            }
            Terminator::TryCall { normal, handler, .. } => {
                fix(normal);
                fix(handler);
            }
            Terminator::Return(_) | Terminator::Unreachable => {}
        }
    }
}

