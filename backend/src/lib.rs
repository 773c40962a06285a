//! Native code generation for anerisc programs (Cranelift) and linking against the runtime.
//!
//! [`compile`] turns a verified IR program into an object file (or its Cranelift IR text);
//! [`link::link`] links an object with the runtime library embedded in this crate. The
//! conventions (calling convention, exceptions, roots, tail calls) are in `README.md`.

pub mod abi;
mod codegen;
pub mod layout;
pub mod link;

use anerisc_ir::ir::Program;
use anerisc_ir::passes;
use anerisc_ir::verify::VerifyError;
use cranelift_codegen::settings::{self, Configurable};

/// Why code generation or linking failed.
#[derive(Debug, Clone, PartialEq)]
pub enum BackendError {
    /// The program uses something the backend does not compile yet.
    Unsupported(String),
    /// Cranelift rejected the generated code (a compiler bug).
    Codegen(String),
    /// The system linker or the file system failed.
    Link(String),
    /// An IR pass left the program ill-formed (a compiler bug).
    Pass(VerifyError),
}

impl std::fmt::Display for BackendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BackendError::Unsupported(m) => write!(f, "not supported yet: {m}"),
            BackendError::Codegen(m) => write!(f, "internal error in code generation: {m}"),
            BackendError::Link(m) => write!(f, "cannot link: {m}"),
            BackendError::Pass(e) => write!(f, "{e}"),
        }
    }
}

/// How much Cranelift optimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptLevel {
    /// `-O0`: no optimisation.
    None,
    /// `-O2`: Cranelift's `speed`.
    Speed,
}

/// The object file of `program` and, when `with_clif` is set, the text of its Cranelift IR.
/// The IR passes run first ([`passes::BEFORE_CODEGEN`], verified after each in debug builds):
/// only what the program can reach from its initialisers is compiled (library functions it
/// never names are left out), and partial applications of small known functions get copies
/// of them.
pub fn compile(program: &Program, opt: OptLevel, with_clif: bool) -> Result<(Vec<u8>, Option<String>), BackendError> {
    let mut flags = settings::builder();
    let set = |f: &mut settings::Builder, k: &str, v: &str| f.set(k, v).map_err(|e| BackendError::Codegen(e.to_string()));
    set(&mut flags, "opt_level", if opt == OptLevel::Speed { "speed" } else { "none" })?;
    set(&mut flags, "is_pic", "true")?;
    set(&mut flags, "preserve_frame_pointers", "true")?;
    // Functions start on 16-byte boundaries, as `ocamlopt`'s and C compilers' do: a small
    // hot function then fits in fewer cache lines and decoder windows.
    set(&mut flags, "log2_min_function_alignment", "4")?;
    let isa = cranelift_native::builder()
        .map_err(|e| BackendError::Codegen(e.to_string()))?
        .finish(settings::Flags::new(flags))
        .map_err(|e| BackendError::Codegen(e.to_string()))?;
    let program = passes::run(program, passes::BEFORE_CODEGEN).map_err(BackendError::Pass)?;
    codegen::Gen::new(&program, isa, with_clif)?.finish()
}
