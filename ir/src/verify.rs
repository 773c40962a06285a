//! The IR verifier, in the spirit of Cranelift's: every variable is defined once and before
//! each use (its definition dominates the use), types agree at every instruction and
//! terminator, arities match (primitives, direct calls, closures and their environments,
//! jumps and block parameters), and every referenced block, function, global and exception
//! exists. It runs after lowering and after every IR pass in debug builds and tests.

use crate::cfg::Cfg;
use crate::ir::*;
use crate::print::inst_text;
use anerisc_frontend::typed::FormatPiece;

/// A verifier failure: an internal error naming the pass and the instruction.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifyError {
    /// The pass after which the IR was checked (`lower`, ...).
    pub pass: String,
    /// The function.
    pub function: String,
    /// Where in it: `b3, instruction 2 (...)` or `b3, terminator`.
    pub location: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for VerifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "internal error: the IR is ill-formed after pass `{}`: in @{}, {}: {}",
            self.pass, self.function, self.location, self.message
        )
    }
}

/// Checks the whole program; `pass` names the pass that produced it.
pub fn verify(program: &Program, pass: &str) -> Result<(), VerifyError> {
    for f in &program.functions {
        FunctionVerifier::new(program, f, pass).run()?;
    }
    for m in &program.modules {
        let init = program.functions.get(m.init.0 as usize);
        if init.is_none_or(|f| !f.params.is_empty() || !f.env.is_empty()) {
            return Err(VerifyError {
                pass: pass.to_string(),
                function: m.name.clone(),
                location: "module".into(),
                message: format!("the initialiser of module {} is not a function without parameters", m.name),
            });
        }
    }
    Ok(())
}

struct FunctionVerifier<'a> {
    p: &'a Program,
    f: &'a Function,
    pass: &'a str,
    /// For each variable, the block defining it and the position (`None` for entry values and
    /// block parameters).
    defs: Vec<Option<(usize, Option<usize>)>>,
    /// The function's blocks, for dominance.
    cfg: Cfg,
}

type Check = Result<(), String>;

impl<'a> FunctionVerifier<'a> {
    fn new(p: &'a Program, f: &'a Function, pass: &'a str) -> Self {
        FunctionVerifier { p, f, pass, defs: vec![None; f.vars.len()], cfg: Cfg::new(f) }
    }

    fn fail(&self, location: String, message: String) -> VerifyError {
        VerifyError { pass: self.pass.to_string(), function: self.f.name.clone(), location, message }
    }

    fn run(mut self) -> Result<(), VerifyError> {
        let f = self.f;
        if f.blocks.is_empty() {
            return Err(self.fail("entry".into(), "the function has no blocks".into()));
        }
        if !f.blocks[0].params.is_empty() {
            return Err(self.fail("b0".into(), "the entry block has parameters".into()));
        }
        self.collect_definitions()?;
        for (bi, b) in f.blocks.iter().enumerate() {
            for (ii, inst) in b.insts.iter().enumerate() {
                self.instruction(bi, ii, inst)
                    .map_err(|m| self.fail(format!("b{bi}, instruction {ii} (`{}`)", inst_text(self.p, f, inst)), m))?;
            }
            self.terminator(bi, &b.term).map_err(|m| self.fail(format!("b{bi}, terminator"), m))?;
        }
        Ok(())
    }

    fn define(&mut self, v: Var, at: (usize, Option<usize>), location: &str) -> Result<(), VerifyError> {
        match self.defs.get(v.0 as usize) {
            None => Err(self.fail(location.to_string(), format!("variable %{} is not declared in the function", v.0))),
            Some(Some(_)) => Err(self.fail(location.to_string(), format!("variable {} is defined twice", crate::print::var_name(self.f, v)))),
            Some(None) => {
                self.defs[v.0 as usize] = Some(at);
                Ok(())
            }
        }
    }

    fn collect_definitions(&mut self) -> Result<(), VerifyError> {
        let f = self.f;
        for v in f.env.iter().chain(&f.params) {
            self.define(*v, (0, None), "entry")?;
        }
        for (bi, b) in f.blocks.iter().enumerate() {
            for v in &b.params {
                self.define(*v, (bi, None), &format!("b{bi}"))?;
            }
            for (ii, inst) in b.insts.iter().enumerate() {
                if let Some(d) = inst.dest {
                    self.define(d, (bi, Some(ii)), &format!("b{bi}, instruction {ii}"))?;
                }
            }
        }
        Ok(())
    }

    /// `v` is defined before position `pos` of block `b` (`None`: at the terminator).
    fn use_var(&self, v: Var, b: usize, pos: Option<usize>) -> Result<Ty, String> {
        let Some(def) = self.defs.get(v.0 as usize) else {
            return Err(format!("variable %{} is not declared in the function", v.0));
        };
        let name = crate::print::var_name(self.f, v);
        let Some((db, dpos)) = def else {
            return Err(format!("{name} is used but never defined"));
        };
        let ok = if *db == b {
            match (dpos, pos) {
                (None, _) => true,
                (Some(d), Some(u)) => *d < u,
                (Some(_), None) => true,
            }
        } else {
            self.cfg.dominates(*db, b)
        };
        if !ok {
            return Err(format!("{name} is used before it is defined (its definition does not dominate this use)"));
        }
        Ok(self.f.ty(v))
    }

    fn expect(&self, v: Var, b: usize, pos: Option<usize>, want: Ty, what: &str) -> Check {
        let t = self.use_var(v, b, pos)?;
        if !t.fits(want) {
            return Err(format!("{what} {} has type {}, expected {}", crate::print::var_name(self.f, v), t.name(), want.name()));
        }
        Ok(())
    }

    fn arity(what: &str, want: usize, given: usize) -> Check {
        if want != given {
            return Err(format!("{what} takes {want} argument{}, given {given}", if want == 1 { "" } else { "s" }));
        }
        Ok(())
    }

    fn function(&self, id: FuncId) -> Result<&'a Function, String> {
        self.p.functions.get(id.0 as usize).ok_or_else(|| format!("function #{} does not exist", id.0))
    }

    fn args(&self, args: &[Var], tys: &[Ty], b: usize, pos: Option<usize>, what: &str) -> Check {
        Self::arity(what, tys.len(), args.len())?;
        for (i, (a, t)) in args.iter().zip(tys).enumerate() {
            self.expect(*a, b, pos, *t, &format!("argument {} of {what}:", i + 1))?;
        }
        Ok(())
    }

    fn instruction(&self, b: usize, i: usize, inst: &Inst) -> Check {
        let pos = Some(i);
        let result = match &inst.kind {
            InstKind::Const(c) => Some(c.ty()),
            InstKind::Prim(prim, args) => {
                let (tys, ret) = prim.signature();
                self.args(args, tys, b, pos, &format!("prim {}", prim.name()))?;
                Some(ret)
            }
            InstKind::Printf(kind, pieces, args) => {
                let convs: Vec<Ty> = pieces
                    .iter()
                    .filter_map(|p| match p {
                        FormatPiece::Conversion { conv, .. } => Some(match conv {
                            'd' | 'i' | 'x' | 'X' | 'o' | 'u' => Ty::Int,
                            's' => Ty::Str,
                            'c' => Ty::Char,
                            'b' | 'B' => Ty::Bool,
                            'f' | 'F' | 'g' | 'G' | 'e' | 'E' => Ty::Float,
                            _ => Ty::Any,
                        }),
                        _ => None,
                    })
                    .collect();
                self.args(args, &convs, b, pos, "printf")?;
                Some(if *kind == anerisc_frontend::typed::PrintfKind::Sprintf { Ty::Str } else { Ty::Unit })
            }
            InstKind::Global(g) => Some(self.p.globals.get(g.0 as usize).ok_or_else(|| format!("global #{} does not exist", g.0))?.ty),
            InstKind::SetGlobal(g, v) => {
                let ty = self.p.globals.get(g.0 as usize).ok_or_else(|| format!("global #{} does not exist", g.0))?.ty;
                self.expect(*v, b, pos, ty, "the stored value")?;
                None
            }
            InstKind::Closure(func, caps) => {
                let callee = self.function(*func)?;
                let tys: Vec<Ty> = callee.env.iter().map(|v| callee.ty(*v)).collect();
                self.args(caps, &tys, b, pos, &format!("the environment of @{}", callee.name))?;
                Some(Ty::Fun)
            }
            InstKind::Sibling(func) => {
                let callee = self.function(*func)?;
                let mine: Vec<Ty> = self.f.env.iter().map(|v| self.f.ty(*v)).collect();
                let theirs: Vec<Ty> = callee.env.iter().map(|v| callee.ty(*v)).collect();
                if mine != theirs {
                    return Err(format!("@{} does not share the environment of @{}", callee.name, self.f.name));
                }
                Some(Ty::Fun)
            }
            InstKind::Apply(c, args) => {
                self.expect(*c, b, pos, Ty::Fun, "the applied value")?;
                if args.is_empty() {
                    return Err("an application needs at least one argument".into());
                }
                for a in args {
                    self.use_var(*a, b, pos)?;
                }
                Some(Ty::Any)
            }
            InstKind::Call(func, args) => {
                let callee = self.function(*func)?;
                if !callee.env.is_empty() {
                    return Err(format!("@{} has an environment and cannot be called directly", callee.name));
                }
                let tys: Vec<Ty> = callee.params.iter().map(|v| callee.ty(*v)).collect();
                self.args(args, &tys, b, pos, &format!("call @{}", callee.name))?;
                Some(callee.ret)
            }
            InstKind::Make(_, args) => {
                for a in args {
                    self.use_var(*a, b, pos)?;
                }
                Some(Ty::Data)
            }
            InstKind::Field(v, _) => {
                self.expect(*v, b, pos, Ty::Data, "the block")?;
                Some(Ty::Any)
            }
            InstKind::MakeExn(e, args) => {
                let decl = self.p.exceptions.get(e.0 as usize).ok_or_else(|| format!("exception #{} does not exist", e.0))?;
                self.args(args, &decl.args, b, pos, &format!("exception {}", decl.name))?;
                Some(Ty::Exn)
            }
            InstKind::ExnArg(v, _) => {
                self.expect(*v, b, pos, Ty::Exn, "the exception")?;
                Some(Ty::Any)
            }
            InstKind::Fork(c, a) => {
                self.expect(*c, b, pos, Ty::Fun, "the forked function")?;
                self.use_var(*a, b, pos)?;
                Some(Ty::Unit)
            }
            InstKind::Chan { op, args, implementation, .. } => {
                let (tys, ret) = op.signature();
                self.args(args, tys, b, pos, op.name())?;
                if let Some(g) = implementation {
                    let ty = self.p.globals.get(g.0 as usize).ok_or_else(|| format!("global #{} does not exist", g.0))?.ty;
                    if !ty.fits(Ty::Fun) {
                        return Err(format!("the implementation of {} is not a function", op.name()));
                    }
                }
                Some(ret)
            }
        };
        match (inst.dest, result) {
            (Some(d), Some(t)) => {
                let dt = self.f.ty(d);
                if !t.fits(dt) {
                    return Err(format!("the result has type {}, but {} is declared {}", t.name(), crate::print::var_name(self.f, d), dt.name()));
                }
                Ok(())
            }
            (Some(d), None) => Err(format!("the instruction has no result, but defines {}", crate::print::var_name(self.f, d))),
            _ => Ok(()),
        }
    }

    fn block(&self, id: BlockId) -> Result<&'a Block, String> {
        self.f.blocks.get(id.0 as usize).ok_or_else(|| format!("block b{} does not exist", id.0))
    }

    fn target(&self, b: usize, t: &Target) -> Check {
        let dest = self.block(t.block)?;
        let tys: Vec<Ty> = dest.params.iter().map(|v| self.f.ty(*v)).collect();
        self.args(&t.args, &tys, b, None, &format!("jump to b{}", t.block.0))
    }

    fn terminator(&self, b: usize, t: &Terminator) -> Check {
        match t {
            Terminator::Jump(t) => self.target(b, t),
            Terminator::Branch(c, x, y) => {
                self.expect(*c, b, None, Ty::Bool, "the condition")?;
                self.target(b, x)?;
                self.target(b, y)
            }
            Terminator::Switch { value, cases, default } => {
                self.use_var(*value, b, None)?;
                for id in cases.iter().map(|(_, b)| b).chain(default) {
                    if !self.block(*id)?.params.is_empty() {
                        return Err(format!("switch target b{} has parameters", id.0));
                    }
                }
                for (k, _) in cases {
                    if let Key::Exn(e) = k {
                        if e.0 as usize >= self.p.exceptions.len() {
                            return Err(format!("exception #{} does not exist", e.0));
                        }
                    }
                }
                Ok(())
            }
            Terminator::Return(v) => self.expect(*v, b, None, self.f.ret, "the returned value"),
            Terminator::TryCall { body, normal, handler } => {
                self.expect(*body, b, None, Ty::Fun, "the try body")?;
                let n = self.block(*normal)?;
                if n.params.len() != 1 {
                    return Err(format!("the normal block b{} must have one parameter", normal.0));
                }
                let h = self.block(*handler)?;
                if h.params.len() != 1 || !self.f.ty(h.params[0]).fits(Ty::Exn) {
                    return Err(format!("the handler block b{} must have one exn parameter", handler.0));
                }
                Ok(())
            }
            Terminator::Unreachable => Ok(()),
        }
    }
}
