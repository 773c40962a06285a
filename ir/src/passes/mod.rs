//! The IR-to-IR passes and their runner, which verifies the program after each pass in
//! debug builds (as Cranelift's `verify_if`) and reports an ill-formed result as an error
//! naming the pass.

pub mod prune;
pub mod specialise;

use crate::ir::Program;
use crate::verify::{verify, VerifyError};

/// An IR pass: its name, which a verifier failure after it names, and what it does.
pub struct Pass {
    /// The name (`prune`, `specialise`).
    pub name: &'static str,
    /// The program after the pass.
    pub run: fn(&Program) -> Program,
}

/// The functions the initialisers cannot reach and the stores nobody reads, left out.
pub const PRUNE: Pass = Pass { name: "prune", run: prune::prune };

/// Partial applications of small known functions become closures of copies of them.
pub const SPECIALISE: Pass = Pass { name: "specialise", run: specialise::specialise_partial_applications };

/// The passes run before native code generation, in order: every pass there is.
pub const BEFORE_CODEGEN: &[Pass] = &[PRUNE, SPECIALISE];

/// `program` after `passes`, in order, verified after each in debug builds.
pub fn run(program: &Program, passes: &[Pass]) -> Result<Program, VerifyError> {
    run_verifying(program, passes, cfg!(debug_assertions))
}

/// `program` after `passes`, in order, verified after each when `verifying` is set.
pub fn run_verifying(program: &Program, passes: &[Pass], verifying: bool) -> Result<Program, VerifyError> {
    let mut done: Option<Program> = None;
    for pass in passes {
        let next = (pass.run)(done.as_ref().unwrap_or(program));
        if verifying {
            verify(&next, pass.name)?;
        }
        done = Some(next);
    }
    Ok(done.unwrap_or_else(|| program.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Block, Function, Terminator, Ty, Var, VarInfo};

    /// A pass that leaves the first function returning a variable it never defines.
    fn breaks(p: &Program) -> Program {
        let mut p = p.clone();
        p.functions[0].blocks[0].term = Terminator::Return(Var(0));
        p
    }

    #[test]
    fn an_ill_formed_result_is_an_error_naming_the_pass() {
        let f = Function { name: "f".into(), env: vec![], params: vec![], ret: Ty::Unit, vars: vec![VarInfo { name: None, ty: Ty::Unit }], blocks: vec![Block { params: vec![], insts: vec![], term: Terminator::Unreachable }], line: None };
        let program = Program { functions: vec![f], ..Program::default() };
        let passes = [Pass { name: "keep", run: Program::clone }, Pass { name: "break", run: breaks }];
        let err = run_verifying(&program, &passes, true).expect_err("the second pass breaks the program");
        assert_eq!((err.pass.as_str(), err.function.as_str()), ("break", "f"));
        assert!(run_verifying(&program, &passes, false).is_ok(), "not verified, not noticed");
    }
}
