//! The anerisc library modules, embedded in the compiler.
//!
//! `stdlib/mli/*.mli` are the signatures every program is type-checked against (declared
//! once, here); `stdlib/ocaml/` is the shim that lets the same programs build with real OCaml.

/// One library module: its OCaml name and the text of its interface.
#[derive(Debug, Clone, Copy)]
pub struct LibraryModule {
    /// Module name as a program writes it (`Ast`, `Serialization_code`, `List`, ...).
    pub name: &'static str,
    /// The `.mli` text declaring the module's types and values.
    pub interface: &'static str,
}

/// Every library module a program can name, in dependency order (a module only refers to
/// modules listed before it).
pub const MODULES: &[LibraryModule] = &[];

/// Looks a library module up by its OCaml name.
pub fn module(name: &str) -> Option<&'static LibraryModule> {
    MODULES.iter().find(|m| m.name == name)
}
