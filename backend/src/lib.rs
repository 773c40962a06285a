//! Native code generation for anerisc programs (Cranelift) and linking against the runtime.
