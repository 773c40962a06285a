//! The verifier rejects hand-built bad IR, one test per rule, with the right message.

use anerisc_ir::ir::*;
use anerisc_ir::prim::Prim;
use anerisc_ir::verify::verify;

fn var(ty: Ty) -> VarInfo {
    VarInfo { ty, name: None }
}

fn inst(dest: Option<u32>, kind: InstKind) -> Inst {
    Inst { dest: dest.map(Var), kind, line: None }
}

fn block(params: &[u32], insts: Vec<Inst>, term: Terminator) -> Block {
    Block { params: params.iter().map(|v| Var(*v)).collect(), insts, term }
}

fn func(name: &str, params: &[u32], vars: Vec<VarInfo>, blocks: Vec<Block>) -> Function {
    Function { name: name.into(), env: vec![], params: params.iter().map(|v| Var(*v)).collect(), ret: Ty::Int, vars, blocks, line: None }
}

fn program(functions: Vec<Function>) -> Program {
    Program { functions, ..Program::default() }
}

fn error_of(p: &Program) -> String {
    verify(p, "test").expect_err("the IR is bad").to_string()
}

fn ret(v: u32) -> Terminator {
    Terminator::Return(Var(v))
}

#[test]
fn accepts_good_ir() {
    let f = func("f", &[0], vec![var(Ty::Int), var(Ty::Int)], vec![block(&[], vec![inst(Some(1), InstKind::Prim(Prim::AddInt, vec![Var(0), Var(0)]))], ret(1))]);
    assert_eq!(verify(&program(vec![f]), "test"), Ok(()));
}

#[test]
fn rejects_use_before_definition() {
    let f = func("f", &[], vec![var(Ty::Int), var(Ty::Int)], vec![block(&[], vec![inst(Some(0), InstKind::Prim(Prim::NegInt, vec![Var(1)])), inst(Some(1), InstKind::Const(Const::Int(1)))], ret(0))]);
    let e = error_of(&program(vec![f]));
    assert!(e.contains("used before it is defined") && e.contains("after pass `test`") && e.contains("instruction 0"), "{e}");
}

#[test]
fn rejects_definition_not_dominating_use() {
    let f = func(
        "f",
        &[0],
        vec![var(Ty::Bool), var(Ty::Int)],
        vec![
            block(&[], vec![], Terminator::Branch(Var(0), Target { block: BlockId(1), args: vec![] }, Target { block: BlockId(2), args: vec![] })),
            block(&[], vec![inst(Some(1), InstKind::Const(Const::Int(1)))], Terminator::Jump(Target { block: BlockId(2), args: vec![] })),
            block(&[], vec![], ret(1)),
        ],
    );
    assert!(error_of(&program(vec![f])).contains("does not dominate"));
}

#[test]
fn rejects_double_definition() {
    let f = func("f", &[], vec![var(Ty::Int)], vec![block(&[], vec![inst(Some(0), InstKind::Const(Const::Int(1))), inst(Some(0), InstKind::Const(Const::Int(2)))], ret(0))]);
    assert!(error_of(&program(vec![f])).contains("defined twice"));
}

#[test]
fn rejects_type_mismatch() {
    let f = func("f", &[0], vec![var(Ty::Str), var(Ty::Int)], vec![block(&[], vec![inst(Some(1), InstKind::Prim(Prim::NegInt, vec![Var(0)]))], ret(1))]);
    let e = error_of(&program(vec![f]));
    assert!(e.contains("has type str, expected int") && e.contains("prim neg"), "{e}");
}

#[test]
fn rejects_result_type_mismatch() {
    let f = func("f", &[], vec![var(Ty::Str)], vec![block(&[], vec![inst(Some(0), InstKind::Const(Const::Int(1)))], Terminator::Unreachable)]);
    assert!(error_of(&program(vec![f])).contains("the result has type int, but %0 is declared str"));
}

#[test]
fn rejects_wrong_prim_arity() {
    let f = func("f", &[0], vec![var(Ty::Int), var(Ty::Int)], vec![block(&[], vec![inst(Some(1), InstKind::Prim(Prim::AddInt, vec![Var(0)]))], ret(1))]);
    assert!(error_of(&program(vec![f])).contains("prim add takes 2 arguments, given 1"));
}

#[test]
fn rejects_wrong_call_arity() {
    let g = func("g", &[0], vec![var(Ty::Int)], vec![block(&[], vec![], ret(0))]);
    let f = func("f", &[], vec![var(Ty::Int)], vec![block(&[], vec![inst(Some(0), InstKind::Call(FuncId(1), vec![]))], ret(0))]);
    assert!(error_of(&program(vec![f, g])).contains("call @g takes 1 argument, given 0"));
}

#[test]
fn rejects_missing_jump_target() {
    let f = func("f", &[0], vec![var(Ty::Int)], vec![block(&[], vec![], Terminator::Jump(Target { block: BlockId(7), args: vec![] }))]);
    assert!(error_of(&program(vec![f])).contains("block b7 does not exist"));
}

#[test]
fn rejects_jump_argument_mismatch() {
    let f = func(
        "f",
        &[0],
        vec![var(Ty::Int), var(Ty::Int), var(Ty::Int)],
        vec![block(&[], vec![], Terminator::Jump(Target { block: BlockId(1), args: vec![] })), block(&[1, 2], vec![], ret(1))],
    );
    assert!(error_of(&program(vec![f])).contains("jump to b1 takes 2 arguments, given 0"));
}

#[test]
fn rejects_closure_environment_mismatch() {
    let mut g = func("g", &[1], vec![var(Ty::Int), var(Ty::Int)], vec![block(&[], vec![], ret(1))]);
    g.env = vec![Var(0)];
    let mut f = func("f", &[0], vec![var(Ty::Str), var(Ty::Fun)], vec![block(&[], vec![inst(Some(1), InstKind::Closure(FuncId(1), vec![Var(0)]))], Terminator::Unreachable)]);
    f.ret = Ty::Fun;
    let e = error_of(&program(vec![f, g]));
    assert!(e.contains("the environment of @g") && e.contains("has type str, expected int"), "{e}");
}

#[test]
fn rejects_sibling_with_other_environment() {
    let mut g = func("g", &[1], vec![var(Ty::Int), var(Ty::Int)], vec![block(&[], vec![], ret(1))]);
    g.env = vec![Var(0)];
    let f = func("f", &[], vec![var(Ty::Fun)], vec![block(&[], vec![inst(Some(0), InstKind::Sibling(FuncId(1)))], Terminator::Unreachable)]);
    assert!(error_of(&program(vec![f, g])).contains("does not share the environment"));
}

#[test]
fn rejects_entry_block_with_parameters() {
    let f = func("f", &[], vec![var(Ty::Int)], vec![block(&[0], vec![], ret(0))]);
    assert!(error_of(&program(vec![f])).contains("entry block has parameters"));
}

#[test]
fn rejects_non_bool_branch() {
    let f = func(
        "f",
        &[0],
        vec![var(Ty::Int)],
        vec![block(&[], vec![], Terminator::Branch(Var(0), Target { block: BlockId(0), args: vec![] }, Target { block: BlockId(0), args: vec![] }))],
    );
    assert!(error_of(&program(vec![f])).contains("the condition %0 has type int, expected bool"));
}

#[test]
fn rejects_bad_try_handler() {
    let f = func(
        "f",
        &[0],
        vec![var(Ty::Fun), var(Ty::Int), var(Ty::Int)],
        vec![block(&[], vec![], Terminator::TryCall { body: Var(0), normal: BlockId(1), handler: BlockId(2) }), block(&[1], vec![], ret(1)), block(&[2], vec![], ret(2))],
    );
    assert!(error_of(&program(vec![f])).contains("must have one exn parameter"));
}

#[test]
fn rejects_unknown_global() {
    let f = func("f", &[], vec![var(Ty::Int)], vec![block(&[], vec![inst(Some(0), InstKind::Global(GlobalId(3)))], ret(0))]);
    assert!(error_of(&program(vec![f])).contains("global #3 does not exist"));
}

#[test]
fn rejects_wrong_return_type() {
    let f = func("f", &[0], vec![var(Ty::Str)], vec![block(&[], vec![], ret(0))]);
    assert!(error_of(&program(vec![f])).contains("the returned value %0 has type str, expected int"));
}

#[test]
fn rejects_channel_operation_arity() {
    let f = func(
        "f",
        &[0],
        vec![var(Ty::Data), var(Ty::Unit)],
        vec![block(&[], vec![inst(Some(1), InstKind::Chan { op: ChanOp::Send, args: vec![Var(0)], protocol: None, implementation: None })], Terminator::Unreachable)],
    );
    assert!(error_of(&program(vec![f])).contains("send takes 2 arguments, given 1"));
}
