//! Every primitive of the table compiles to native code: the backend has code of its own for
//! each primitive marked `inline`, and calls the runtime function of each other one.

use anerisc_backend::{compile, OptLevel};
use anerisc_ir::ir::*;
use anerisc_ir::prim::Prim;

fn var(ty: Ty) -> VarInfo {
    VarInfo { name: None, ty }
}

fn inst(dest: u32, kind: InstKind) -> Inst {
    Inst { dest: Some(Var(dest)), kind, line: None }
}

/// A function applying `p` to its parameters and returning the result.
fn applying(p: Prim) -> Function {
    let (args, ret) = p.signature();
    let n = args.len() as u32;
    let params: Vec<Var> = (0..n).map(Var).collect();
    let vars = args.iter().copied().chain([ret]).map(var).collect();
    let body = Block { params: vec![], insts: vec![inst(n, InstKind::Prim(p, params.clone()))], term: Terminator::Return(Var(n)) };
    Function { name: format!("Main.{}", p.name()), env: vec![], params, ret, vars, blocks: vec![body], line: None }
}

/// The initialiser: stores a closure of each function (1..) in its global and reads it back
/// (so that none is pruned).
fn init(count: u32) -> Function {
    let mut insts = Vec::new();
    for i in 0..count {
        insts.push(inst(2 * i, InstKind::Closure(FuncId(i + 1), vec![])));
        insts.push(Inst { dest: None, kind: InstKind::SetGlobal(GlobalId(i), Var(2 * i)), line: None });
        insts.push(inst(2 * i + 1, InstKind::Global(GlobalId(i))));
    }
    insts.push(inst(2 * count, InstKind::Const(Const::Unit)));
    let vars = (0..2 * count).map(|_| var(Ty::Fun)).chain([var(Ty::Unit)]).collect();
    let body = Block { params: vec![], insts, term: Terminator::Return(Var(2 * count)) };
    Function { name: "Main.init".into(), env: vec![], params: vec![], ret: Ty::Unit, vars, blocks: vec![body], line: None }
}

#[test]
fn every_primitive_compiles() {
    let count = Prim::ALL.len() as u32;
    let functions = std::iter::once(init(count)).chain(Prim::ALL.iter().map(|p| applying(*p))).collect();
    let globals = Prim::ALL.iter().map(|p| Global { name: format!("Main.{}_closure", p.name()), ty: Ty::Fun }).collect();
    let modules = vec![ModuleInit { name: "Main".into(), library: false, init: FuncId(0) }];
    let program = Program { modules, functions, globals, ..Program::default() };
    anerisc_ir::verify::verify(&program, "test").expect("the test program is well formed");
    if let Err(e) = compile(&program, OptLevel::None, false) {
        panic!("{e}");
    }
}
